using JitDashboard.Platform.Arm;

namespace JitDashboard.Features.Policies;

/// <summary>Counters of one policy's ARM calls, for reports and benchmarks.</summary>
public sealed record PolicyWriteResult(JitPolicyId Key, IReadOnlyList<VmOutcome> Vms, int Attempts, int Writes, int Reads);
