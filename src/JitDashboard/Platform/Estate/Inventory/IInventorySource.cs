using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>Reads what one subscription holds, as one refresh needs it.</summary>
public interface IInventorySource
{
    Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="LoadAsync(SubscriptionInfo, CancellationToken)"/>, knowing the previous load: a source still
    /// throttled (its Retry-After not yet passed) is not asked again.
    /// </summary>
    Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, SubscriptionInventory? previous, CancellationToken cancellationToken) =>
        LoadAsync(subscription, cancellationToken);
}
