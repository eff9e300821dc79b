using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>Counters of one policy's ARM calls, for reports and benchmarks.</summary>
public sealed record PolicyWriteResult(JitPolicyId Key, IReadOnlyList<VmOutcome> Vms, int Attempts, int Writes, int Reads)
{
    /// <summary>
    /// The policy as ARM last answered for it (the PUT's answer, or the read when nothing needed writing), which the
    /// estate shows at once, before its refresh; null when gone or not known (the refresh decides those).
    /// </summary>
    public JitNetworkAccessPolicy? Answered { get; init; }
}
