using System.Runtime.CompilerServices;
using Azure.ResourceManager;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Arm;

/// <summary>Subscriptions through the SDK.</summary>
public sealed class SubscriptionsClient(ArmClientProvider arm) : ISubscriptionsClient
{
    public IAsyncEnumerable<SubscriptionInfo> ListAsync(CancellationToken cancellationToken = default)
        => ArmBoundary.EnumerateAsync(ListCoreAsync(cancellationToken), "/subscriptions", cancellationToken);

    private async IAsyncEnumerable<SubscriptionInfo> ListCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var subscription in arm.Client.GetSubscriptions().GetAllAsync(cancellationToken))
        {
            var data = subscription.Data;
            yield return new SubscriptionInfo(data.SubscriptionId, data.DisplayName ?? data.SubscriptionId, data.State?.ToString());
        }
    }
}
