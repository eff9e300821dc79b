using System.Collections.Concurrent;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Live;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Counts one host's estate reads from ARM (whole-subscription loads and targeted resource reads) around the app's
/// own readers: with several instances in one test process, ARM's request log cannot tell them apart.
/// </summary>
public sealed class CountingEstateReads(IInventorySource inventory, IResourceReader reader) : IInventorySource, IResourceReader
{
    private int _subscriptionLoads;

    public int SubscriptionLoads => _subscriptionLoads;

    /// <summary>The resources read by targeted refreshes, in order (ids).</summary>
    public ConcurrentQueue<string> ResourceReads { get; } = new();

    public int Total => SubscriptionLoads + ResourceReads.Count;

    /// <summary>Wraps the app's ARM readers of the host being configured.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<ArmInventorySource>();
        services.AddSingleton<ArmResourceReader>();
        services.AddSingleton(sp => new CountingEstateReads(sp.GetRequiredService<ArmInventorySource>(), sp.GetRequiredService<ArmResourceReader>()));
        services.AddSingleton<IInventorySource>(sp => sp.GetRequiredService<CountingEstateReads>());
        services.AddSingleton<IResourceReader>(sp => sp.GetRequiredService<CountingEstateReads>());
    }

    public Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _subscriptionLoads);
        return inventory.LoadAsync(subscription, cancellationToken);
    }

    public Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, SubscriptionInventory? previous, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _subscriptionLoads);
        return inventory.LoadAsync(subscription, previous, cancellationToken);
    }

    public Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ResourceReads.Enqueue(resource.Id);
        return reader.ReadAsync(resource, cancellationToken);
    }
}
