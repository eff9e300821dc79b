namespace JitDashboard.Features.Policies;

/// <summary>The outcome for one VM of one policy write.</summary>
public sealed record VmOutcome(string MachineId, bool Succeeded, string? Error);
