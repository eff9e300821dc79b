using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

public sealed class ArmJitPolicyStore(SecurityClient security) : IJitPolicyStore
{
    public Task<JitNetworkAccessPolicy?> GetAsync(JitPolicyId key, CancellationToken ct) =>
        security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct);

    public async Task<JitNetworkAccessPolicy?> PutAsync(JitPolicyId key, JitNetworkAccessPolicy policy, CancellationToken ct) =>
        await security.CreateOrUpdateJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, policy, ct);

    public Task DeleteAsync(JitPolicyId key, CancellationToken ct) =>
        security.DeleteJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct);
}
