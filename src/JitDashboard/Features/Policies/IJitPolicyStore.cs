using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>The three policy calls the writer makes; ARM's in the app, a fake in unit tests.</summary>
public interface IJitPolicyStore
{
    Task<JitNetworkAccessPolicy?> GetAsync(JitPolicyId key, CancellationToken ct);

    /// <summary>Writes the policy; returns what ARM answered with (the stored policy), null when the answer had no body.</summary>
    Task<JitNetworkAccessPolicy?> PutAsync(JitPolicyId key, JitNetworkAccessPolicy policy, CancellationToken ct);

    Task DeleteAsync(JitPolicyId key, CancellationToken ct);
}
