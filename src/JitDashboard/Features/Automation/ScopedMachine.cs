using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Automation;

/// <summary>A machine in a rule's scope; <see cref="ExcludedBecause"/> set when an exclusion keeps the rule off it.</summary>
public sealed record ScopedMachine(EstateMachine Machine, string? ExcludedBecause);
