namespace JitDashboard.Features.Policies;

/// <summary>Per VM result of an operation, as the API shows it.</summary>
public sealed record JitOperationResult(string MachineId, string MachineName, string PolicyId, JitOperationItemStatus Status, string? Error, int Attempts);
