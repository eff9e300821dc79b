using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>One selected VM in one policy.</summary>
/// <param name="NewlyCoveredPorts">Ports JIT covers after the change that it did not cover before.</param>
/// <param name="Warnings">E.g. a custom allow rule that keeps a port open after JIT.</param>
public sealed record PlannedVm(
    string MachineId,
    string Name,
    string OsType,
    PlannedChange Change,
    IReadOnlyList<JitPortRule> Ports,
    IReadOnlyList<int> NewlyCoveredPorts,
    IReadOnlyList<string> Warnings);
