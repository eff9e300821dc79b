namespace JitDashboard.Features.Policies;

/// <summary>A selected VM that is left alone, and why.</summary>
public sealed record SkippedVm(string MachineId, string? Name, string Reason);
