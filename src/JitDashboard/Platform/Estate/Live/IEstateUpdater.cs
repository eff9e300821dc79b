using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate.Live;

/// <summary>The read model's side for targeted refreshes: what it holds per subscription, and applying fresh reads.</summary>
public interface IEstateUpdater
{
    /// <summary>The last inventory of a subscription in scope; null before its first load (a sweep brings it).</summary>
    SubscriptionInventory? InventoryOf(string subscriptionId);

    /// <summary>
    /// Applies reads to the inventories, re-evaluates only the VMs they concern, publishes one new snapshot when
    /// anything changed, and returns those VMs' ids (lower-case).
    /// </summary>
    IReadOnlySet<string> Apply(IReadOnlyList<ResourceRead> reads);

    /// <summary>
    /// A sweep is loading: reads applied now are also replayed onto its result, including reads of subscriptions it
    /// has not loaded yet (so an event for one of those needs no second sweep).
    /// </summary>
    bool Sweeping { get; }
}
