using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Live;
using JitDashboard.Platform.Work;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Testing;

/// <summary>A read model that holds no inventory: targeted refreshes fall back to whole refreshes.</summary>
public sealed class NoEstateUpdates : IEstateUpdater
{
    public SubscriptionInventory? InventoryOf(string subscriptionId) => null;

    public IReadOnlySet<string> Apply(IReadOnlyList<ResourceRead> reads) => new HashSet<string>();

    public bool Sweeping => false;
}

/// <summary>Answers targeted reads from a function and records them (thread-safe).</summary>
public sealed class FakeResourceReader(Func<EstateResource, object?>? answer = null) : IResourceReader
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<EstateResource> _reads = new();

    public IReadOnlyList<EstateResource> Reads => [.. _reads];

    /// <summary>Raised after each read (tests await it instead of sleeping).</summary>
    public event Action<EstateResource>? Read;

    public Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken)
    {
        _reads.Enqueue(resource);
        var value = answer?.Invoke(resource);
        Read?.Invoke(resource);
        return Task.FromResult(new ResourceRead(resource, value));
    }
}

/// <summary>The estate's refresh coordinator over fakes, for tests that need one.</summary>
public static class TestCoordinator
{
    public static EstateRefreshCoordinator Create(IEstateService estate, IEstateUpdater? updater = null, IResourceReader? reader = null,
        EstateOptions? options = null, TimeProvider? time = null, WorkSignal<EstateEventWorker>? signal = null) =>
        new(estate, updater ?? new NoEstateUpdates(), reader ?? new FakeResourceReader(), Options.Create(options ?? new EstateOptions()),
            signal ?? new WorkSignal<EstateEventWorker>(), time ?? TimeProvider.System, NullLogger<EstateRefreshCoordinator>.Instance);
}
