using JitDashboard.Platform.Arm;

namespace JitDashboard.Features.Policies;

/// <summary>What happens to one policy.</summary>
/// <param name="OtherVmsKept">VMs already in the policy that were not selected: carried over unchanged.</param>
/// <param name="Exists">Whether the policy exists now (false: the apply creates it).</param>
/// <param name="DeletesPolicy">Remove only: nothing is left, so the policy is deleted.</param>
public sealed record PolicyChange(JitPolicyId Key, IReadOnlyList<PlannedVm> Vms, int OtherVmsKept, bool Exists, bool DeletesPolicy)
{
    public bool NeedsWrite => Vms.Any(v => v.Change != PlannedChange.Untouched);
}
