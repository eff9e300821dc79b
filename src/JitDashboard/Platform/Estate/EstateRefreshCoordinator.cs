using JitDashboard.Platform.Arm.Models;
using System.Collections.Concurrent;
using JitDashboard.Platform.Estate.Live;
using JitDashboard.Platform.Work;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate;

/// <summary>
/// The one way the estate is refreshed. A full sweep at start and every <see cref="EstateOptions.RefreshInterval"/>
/// (the safety net for missed events and restarts); targeted refreshes of the resources Azure's events name
/// (<see cref="Notify"/>: debounced per resource, coalesced, read with bounded concurrency, only the VMs concerned
/// re-evaluated); and refresh-after-change for features that just wrote to Azure (<see cref="RefreshNowAsync"/>
/// with what they wrote, or <see cref="RefreshAfterChangeAsync"/> for the whole estate). Every refresh publishes
/// through <see cref="IEstateService.Changed"/> (pages) and <see cref="MachinesChanged"/> (automation). Its two
/// loops are <see cref="EstateSweepWorker"/> and <see cref="EstateEventWorker"/> (on the one worker base).
/// </summary>
public sealed partial class EstateRefreshCoordinator
{
    private readonly IEstateService _estate;
    private readonly IEstateUpdater _updater;
    private readonly IResourceReader _reader;
    private readonly EstateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<EstateRefreshCoordinator> _logger;
    private readonly Lock _gate = new();
    private readonly PendingRefreshes _queue;
    private readonly WorkSignal<EstateEventWorker> _signal;
    private readonly ConcurrentQueue<DateTimeOffset> _recentEvents = new();
    private bool _sweepWanted;
    private DateTimeOffset? _lastEventAt;
    private DateTimeOffset? _lastTargetedAt;
    private DateTimeOffset? _lastSweepAt;
    private DateTimeOffset? _nextSweepAt;

    private readonly Sharing.EstateForwarder? _forwarder;

    public EstateRefreshCoordinator(IEstateService estate, IEstateUpdater updater, IResourceReader reader, IOptions<EstateOptions> options,
        WorkSignal<EstateEventWorker> signal, TimeProvider time, ILogger<EstateRefreshCoordinator> logger, Sharing.EstateForwarder? forwarder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _forwarder = forwarder;
        (_estate, _updater, _reader, _options, _signal, _time, _logger) = (estate, updater, reader, options.Value, signal, time, logger);
        _queue = new PendingRefreshes(_options.EventDebounce, _options.EventMaxDelay, _options.MaxPendingResources);
    }

    /// <summary>
    /// Raised after each refresh with the ids (lower-case) of the VMs whose facts were re-evaluated; null after a
    /// full sweep (every VM). Handlers must be quick: they run on the refreshing thread.
    /// </summary>
    public event Action<IReadOnlySet<string>?>? MachinesChanged;

    /// <summary>Raised when <see cref="Status"/> changes (an event arrived, a refresh or sweep finished).</summary>
    public event Action<LiveStatus>? StatusChanged;

    public LiveStatus Status
    {
        get
        {
            var now = _time.GetUtcNow();
            while (_recentEvents.TryPeek(out var t) && now - t > TimeSpan.FromMinutes(1)) _recentEvents.TryDequeue(out _);
            int pending;
            lock (_gate) pending = _queue.Count;
            return new LiveStatus(_lastEventAt, _recentEvents.Count, _lastTargetedAt, _lastSweepAt, _nextSweepAt, pending);
        }
    }

    /// <summary>
    /// Azure said these resources changed (<paramref name="events"/> events): queue their refresh. Resources the estate
    /// does not read are ignored; load balancers and resource groups, which it cannot patch, ask for a sweep.
    /// </summary>
    public void Notify(IEnumerable<string> resourceIds, int events = 1)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var now = Counted(events);
        if (_forwarder is { Forwards: true })
        {
            // The leader reads them (once, whichever instance Azure delivered to). Callers that can wait use NotifyAsync.
            _ = ForwardAsync(resourceIds.ToList(), events, observe: true, CancellationToken.None);
            return;
        }
        lock (_gate)
        {
            foreach (var resource in resourceIds.Select(EstateResource.Parse).OfType<EstateResource>())
            {
                if (resource.Kind is EstateResourceKind.ResourceGroup || !_queue.Add(resource, now))
                    _sweepWanted = true;
            }
        }
        Wake();
        RaiseStatus();
    }

    /// <summary>
    /// <see cref="Notify"/>, but on a standby it completes once the events are stored for the leader (durable), so a
    /// delivery is acknowledged only then.
    /// </summary>
    public Task NotifyAsync(IReadOnlyList<string> resourceIds, int events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        if (_forwarder is not { Forwards: true })
        {
            Notify(resourceIds, events);
            return Task.CompletedTask;
        }
        Counted(events);
        return ForwardAsync(resourceIds, events, observe: false, cancellationToken);
    }

    private DateTimeOffset Counted(int events)
    {
        var now = _time.GetUtcNow();
        _lastEventAt = now;
        for (var i = 0; i < Math.Min(events, 10_000); i++) _recentEvents.Enqueue(now);
        return now;
    }

    /// <param name="observe">Nobody awaits it: log a failure here.</param>
    private async Task ForwardAsync(IReadOnlyList<string> resourceIds, int events, bool observe, CancellationToken ct)
    {
        try
        {
            await _forwarder!.NotifyAsync(resourceIds, events, ct);
        }
        catch (Exception e) when (observe)
        {
            LogForwardFailed(_logger, e);
        }
        finally
        {
            RaiseStatus();
        }
    }

    /// <summary>A full sweep now (joins one in flight).</summary>
    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        var forwarded = _forwarder is { Forwards: true };
        await _estate.RefreshAsync(cancellationToken);
        // Forwarded: the shared estate's arrival already told this instance's listeners.
        if (!forwarded) SweepDone();
    }

    /// <summary>A full sweep that starts after this call, for a change the caller cannot name.</summary>
    public async Task RefreshAfterChangeAsync(CancellationToken cancellationToken = default)
    {
        var forwarded = _forwarder is { Forwards: true };
        await _estate.RefreshAfterChangeAsync(cancellationToken);
        if (!forwarded) SweepDone();
    }

    /// <summary>
    /// Reads these resources now (no debounce) and waits until the estate shows them: for a caller that just wrote
    /// them. Returns the VMs re-evaluated (lower-case ids). Falls back to a whole refresh for what cannot be patched.
    /// </summary>
    public async Task<IReadOnlySet<string>> RefreshNowAsync(IEnumerable<string> resourceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        if (_forwarder is { Forwards: true } && await _forwarder.RequestAsync(Sharing.EstateRequestKind.Now, resourceIds.ToList(), cancellationToken) is { } forwarded)
            return forwarded;
        var targets = resourceIds.Select(EstateResource.Parse).OfType<EstateResource>().DistinctBy(r => r.Key).ToList();
        var (changed, needsSweep) = await RefreshTargetsAsync(targets, cancellationToken);
        if (needsSweep)
        {
            await RefreshAfterChangeAsync(cancellationToken);
            return changed;
        }
        return changed;
    }

    /// <summary>
    /// Shows policies as ARM answered writes to them (a PUT's answer is a read of what is now stored), at once and
    /// without a request; the NSGs Defender changes with them still come from a refresh. Only where this instance
    /// holds the estate (a standby's comes from the holder) and the subscription has been loaded. Returns the VMs
    /// whose facts changed.
    /// </summary>
    public IReadOnlySet<string> ApplyWritten(IEnumerable<JitNetworkAccessPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        if (_forwarder is { Forwards: true })
            return new HashSet<string>();
        var reads = policies.Select(p => (Policy: p, Resource: EstateResource.Parse(p.Id ?? "")))
            .Where(x => x.Resource is { Kind: EstateResourceKind.JitPolicy } r && _updater.InventoryOf(r.SubscriptionId) is not null)
            .Select(x => new ResourceRead(x.Resource!, x.Policy)).ToList();
        return reads.Count == 0 ? new HashSet<string>() : _updater.Apply(reads);
    }

    /// <summary>
    /// One pass of the event worker: refreshes the resources whose debounce has run out (and sweeps when a change
    /// asked for it). Returns the wait until the next resource is due; null when none waits.
    /// </summary>
    public async Task<TimeSpan?> ProcessDueAsync(CancellationToken ct)
    {
        IReadOnlyList<EstateResource> due;
        DateTimeOffset? next;
        bool sweep;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            due = _queue.TakeDue(now);
            next = _queue.NextDue;
            // A sweep asked for by an event waits for the burst's targeted reads, then runs once.
            sweep = _sweepWanted && next is null;
            if (sweep) _sweepWanted = false;
        }
        if (due.Count > 0)
        {
            var (_, needsSweep) = await RefreshTargetsAsync(due, ct);
            sweep |= needsSweep;
        }
        if (sweep) await RefreshAfterChangeAsync(ct);
        lock (_gate) next = _queue.NextDue;
        if (next is { } at)
        {
            var wait = at - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return _sweepWanted ? TimeSpan.Zero : null;
    }

    /// <summary>When the sweep worker will sweep next (for the live indicator).</summary>
    public void SweepScheduled(DateTimeOffset at)
    {
        _nextSweepAt = at;
        RaiseStatus();
    }

    /// <summary>Reads the targets (and, for a JIT policy, the NSGs of its VMs), applies them; true when a sweep is needed.</summary>
    private async Task<(IReadOnlySet<string> Changed, bool NeedsSweep)> RefreshTargetsAsync(IReadOnlyList<EstateResource> targets, CancellationToken ct)
    {
        var needsSweep = false;
        var readable = new List<EstateResource>();
        // During a sweep (the first one at start above all), a subscription it has not loaded yet is read like any
        // other: the read is replayed onto the sweep's result. A second whole sweep for it would double the start-up
        // load (at 100,000 VMs the simulator's background side effects at start asked for one every time).
        var sweeping = _updater.Sweeping;
        foreach (var target in targets)
        {
            if (target.Kind is EstateResourceKind.ResourceGroup || (!sweeping && _updater.InventoryOf(target.SubscriptionId) is null))
                needsSweep = true;
            else
                readable.Add(target);
        }
        if (readable.Count == 0) return (new HashSet<string>(), needsSweep);

        var reads = await ReadAllAsync(readable, ct);
        // Defender writes a JIT policy's deny rules (and an initiation's allow rules) into the NSGs of its VMs.
        var nsgs = new List<EstateResource>();
        foreach (var read in reads.Where(r => r.Resource.Kind == EstateResourceKind.JitPolicy))
        {
            // Not loaded yet (a sweep is on): that sweep reads its NSGs whole.
            if (_updater.InventoryOf(read.Resource.SubscriptionId) is not { } inventory) continue;
            var vms = InventoryPatch.Affected(inventory, read.Resource);
            vms.UnionWith(InventoryPatch.Affected(InventoryPatch.Apply(inventory, read), read.Resource));
            nsgs.AddRange(InventoryPatch.NsgsOf(inventory, vms).Select(EstateResource.Parse).OfType<EstateResource>());
        }
        var already = readable.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var more = nsgs.DistinctBy(n => n.Key).Where(n => !already.Contains(n.Key)).ToList();
        if (more.Count > 0) reads = [.. reads, .. await ReadAllAsync(more, ct)];

        var changed = _updater.Apply(reads);
        // The sweep ended without loading one of them (it failed there): only a sweep can bring that subscription.
        if (sweeping && !_updater.Sweeping && readable.Any(r => _updater.InventoryOf(r.SubscriptionId) is null))
            needsSweep = true;
        _lastTargetedAt = _time.GetUtcNow();
        LogTargeted(_logger, readable.Count + more.Count, changed.Count);
        Raise(changed);
        RaiseStatus();
        return (changed, needsSweep);
    }

    /// <summary>
    /// Of one kind in one subscription, this many or more are read with one paged list rather than a GET each
    /// (ARM's read bucket is 250, +25/s per subscription: a bulk JIT write touches its policies and an NSG per VM).
    /// </summary>
    internal const int ListThreshold = 20;

    private async Task<List<ResourceRead>> ReadAllAsync(IReadOnlyList<EstateResource> resources, CancellationToken ct)
    {
        var reads = new ConcurrentBag<ResourceRead>();
        var single = new List<EstateResource>();
        foreach (var group in resources.GroupBy(r => (Subscription: r.SubscriptionId.ToLowerInvariant(), r.Kind)))
        {
            if (group.Count() >= ListThreshold && await ListAsync(group.Key.Subscription, group.Key.Kind, group.ToList(), ct) is { } listed)
            {
                foreach (var read in listed) reads.Add(read);
            }
            else
            {
                single.AddRange(group);
            }
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.TargetedConcurrency), CancellationToken = ct };
        await Parallel.ForEachAsync(single, parallel, async (resource, token) =>
        {
            try
            {
                reads.Add(await _reader.ReadAsync(resource, token));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Throttled or failing: the resource keeps its last read; the next event or sweep brings it.
                LogReadFailed(_logger, ex, resource.Id);
            }
        });
        // Apply in the order asked, so that replays are deterministic.
        var order = resources.Select((r, i) => (r.Key, i)).ToDictionary(x => x.Key, x => x.i, StringComparer.Ordinal);
        return reads.OrderBy(r => order.GetValueOrDefault(r.Resource.Key)).ToList();
    }

    /// <summary>The wanted resources out of one list of their kind (absent from it: gone); null to read them one by one.</summary>
    private async Task<List<ResourceRead>?> ListAsync(string subscriptionId, EstateResourceKind kind, List<EstateResource> wanted, CancellationToken ct)
    {
        IReadOnlyList<ResourceRead>? listed;
        try
        {
            listed = await _reader.ListAsync(subscriptionId, kind, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Throttled or failing: they keep their last read, as a failed GET would leave them.
            LogReadFailed(_logger, ex, $"/subscriptions/{subscriptionId} ({kind} list)");
            return [];
        }
        if (listed is null) return null;
        var byKey = listed.GroupBy(r => r.Resource.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return wanted.Select(r => byKey.TryGetValue(r.Key, out var read) ? read with { Resource = r } : new ResourceRead(r, null)).ToList();
    }

    private void SweepDone()
    {
        _lastSweepAt = _time.GetUtcNow();
        Raise(null);
        RaiseStatus();
    }

    private void Wake() => _signal.Notify();

    /// <summary>On a standby: the leader's refresh arrived (the VMs it changed; null: all), for this instance's listeners.</summary>
    public void RaiseShared(IReadOnlySet<string>? changed)
    {
        Raise(changed);
        RaiseStatus();
    }

    private void Raise(IReadOnlySet<string>? changed)
    {
        if (changed is { Count: 0 }) return;
        foreach (var handler in MachinesChanged?.GetInvocationList().Cast<Action<IReadOnlySet<string>?>>() ?? [])
        {
            try
            {
                handler(changed);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    private void RaiseStatus()
    {
        if (StatusChanged is null) return;
        var status = Status;
        foreach (var handler in StatusChanged.GetInvocationList().Cast<Action<LiveStatus>>())
        {
            try
            {
                handler(status);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogHandlerFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: reading {ResourceId} failed; it keeps its last read")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string resourceId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Estate: targeted refresh read {Resources} resource(s), re-evaluated {Machines} VM(s)")]
    private static partial void LogTargeted(ILogger logger, int resources, int machines);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: a change handler failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: could not forward events to the leader; its next sweep covers them")]
    private static partial void LogForwardFailed(ILogger logger, Exception ex);
}
