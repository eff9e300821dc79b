using System.Collections.Concurrent;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Live;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate;

/// <summary>
/// Loads subscriptions, VMs and power states from ARM. A singleton on purpose: the estate is the same for every
/// user, so one shared snapshot serves all circuits and ARM sees one list per subscription per refresh, not one
/// per browser tab (ARM throttles per subscription).
/// </summary>
public sealed partial class EstateService(
    ISubscriptionsClient subscriptionsClient,
    IInventorySource inventorySource,
    IOptions<ArmOptions> armOptions,
    IOptions<EstateOptions> estateOptions,
    TimeProvider timeProvider,
    ILogger<EstateService> logger,
    Sharing.EstateForwarder? forwarder = null) : IEstateService, IEstateUpdater
{
    private readonly Lock _gate = new();
    // The last inventory per subscription: a source that fails for a passing reason keeps its last good list (stale).
    private readonly ConcurrentDictionary<string, (SubscriptionInventory Inventory, DateTimeOffset LoadedAt)> _previous = new(StringComparer.OrdinalIgnoreCase);
    private Task? _inFlight;
    private Task? _next;
    private volatile EstateSnapshot _snapshot = EstateSnapshot.Initial;
    // Targeted applies and a sweep's publication take turns; reads applied during a sweep are replayed onto its result.
    private readonly Lock _applyGate = new();
    private readonly List<ResourceRead> _journal = [];
    private bool _sweeping;

    public EstateSnapshot Snapshot => _snapshot;

    public event Action<EstateSnapshot>? Changed;

    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // A standby does not read ARM for the estate: the leader does, and this instance shows what it stores.
        if (forwarder is { Forwards: true }) return ForwardAsync(Sharing.EstateRequestKind.Sweep, cancellationToken);
        lock (_gate)
        {
            // One refresh at a time; a click during a load joins it rather than doubling the ARM traffic.
            // The load itself is not tied to the caller's token: it serves every user, not only the one who asked.
            if (_inFlight is not { IsCompleted: false })
                _inFlight = LoadAsync(CancellationToken.None);
            return _inFlight.WaitAsync(cancellationToken);
        }
    }

    public Task RefreshAfterChangeAsync(CancellationToken cancellationToken = default)
    {
        if (forwarder is { Forwards: true }) return ForwardAsync(Sharing.EstateRequestKind.SweepAfterChange, cancellationToken);
        lock (_gate)
        {
            if (_inFlight is not { IsCompleted: false })
            {
                _inFlight = LoadAsync(CancellationToken.None);
                return _inFlight.WaitAsync(cancellationToken);
            }

            // The running load may predate the caller's change: queue one more after it. Task.Run so that the
            // follow-up cannot take the gate before _next is set here.
            if (_next is null)
            {
                var previous = _inFlight;
                _next = Task.Run(() => LoadAfterAsync(previous), CancellationToken.None);
            }
            return _next.WaitAsync(cancellationToken);
        }
    }

    private async Task ForwardAsync(Sharing.EstateRequestKind kind, CancellationToken cancellationToken)
    {
        // Null: this instance became the leader while asking; it loads itself.
        if (await forwarder!.RequestAsync(kind, [], cancellationToken) is null)
            await (kind == Sharing.EstateRequestKind.Sweep ? RefreshAsync(cancellationToken) : RefreshAfterChangeAsync(cancellationToken));
    }

    /// <summary>On a standby: shows the snapshot the leader stored (<see cref="Sharing.SharedEstateWorker"/>).</summary>
    public void Adopt(EstateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_applyGate) Publish(snapshot);
    }

    private async Task LoadAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Its failure was published with its snapshot; the follow-up load tries again.
        }
        Task load;
        lock (_gate)
        {
            _next = null;
            load = _inFlight is { IsCompleted: false } running ? running : (_inFlight = LoadAsync(CancellationToken.None));
        }
        await load;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        Publish(_snapshot with { IsLoading = true });
        lock (_applyGate)
        {
            _sweeping = true;
            _journal.Clear();
        }
        try
        {
            var options = armOptions.Value;
            var wanted = options.SubscriptionIds.Count == 0
                ? null
                : new HashSet<string>(options.SubscriptionIds, StringComparer.OrdinalIgnoreCase);

            var subscriptions = new List<SubscriptionInfo>();
            await foreach (var subscription in subscriptionsClient.ListAsync(cancellationToken))
            {
                if (wanted is null || wanted.Contains(subscription.SubscriptionId))
                    subscriptions.Add(subscription);
            }
            // A configured subscription the credential does not list (gone, or no role on it) is still shown, Unavailable,
            // with ARM's own answer: its loads below say which.
            if (wanted is not null)
            {
                foreach (var id in wanted.Where(id => !subscriptions.Any(s => string.Equals(s.SubscriptionId, id, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.OrdinalIgnoreCase))
                    subscriptions.Add(new SubscriptionInfo(id, id, null));
            }

            var loaded = new ConcurrentDictionary<string, Loaded>(StringComparer.OrdinalIgnoreCase);
            var failedStatuses = new ConcurrentDictionary<string, SubscriptionStatus>(StringComparer.OrdinalIgnoreCase);
            var errors = new ConcurrentBag<string>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(subscriptions, parallel, async (subscription, ct) =>
            {
                var last = _previous.TryGetValue(subscription.SubscriptionId, out var l) ? l : ((SubscriptionInventory, DateTimeOffset)?)null;
                var previous = last?.Item1;
                SubscriptionInventory inventory;
                SubscriptionProblem? wholeFailure = null;
                try
                {
                    inventory = InventoryMerge.WithLastGood(await inventorySource.LoadAsync(subscription, previous, ct), previous);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // One unreachable subscription must not hide the others; its last good inventory (if any) stays, stale.
                    LogSubscriptionFailed(logger, e, subscription.SubscriptionId);
                    errors.Add($"{subscription.DisplayName}: {e.Message}");
                    if (previous is null)
                    {
                        failedStatuses[subscription.SubscriptionId] = SubscriptionStatus.Failed(subscription, Platform.Arm.ArmFailure.From(e));
                        return;
                    }
                    var failure = Platform.Arm.ArmFailure.From(e);
                    inventory = previous with
                    {
                        Subscription = subscription,
                        Sources = previous.Sources.ToDictionary(kv => kv.Key, kv => kv.Value.HasData
                            ? kv.Value with { State = SourceState.Stale, Failure = failure } : kv.Value),
                    };
                    wholeFailure = new SubscriptionProblem("Subscription", failure.Code, failure.Message, failure.Fix, true, last!.Value.Item2);
                }
                loaded[subscription.SubscriptionId] = new Loaded(subscription, inventory, wholeFailure);
            });

            // The targeted reads applied while this sweep read ARM are newer than what it read: replay them, and
            // publish under the same gate, so that neither overwrites the other.
            lock (_applyGate)
            {
                var machines = new List<EstateMachine>();
                var controls = new Dictionary<string, ManagementPortsControl>(StringComparer.OrdinalIgnoreCase);
                var scores = new Dictionary<string, ScoreDetails>(StringComparer.OrdinalIgnoreCase);
                var statuses = new Dictionary<string, SubscriptionStatus>(failedStatuses, StringComparer.OrdinalIgnoreCase);
                var ports = estateOptions.Value.EffectivePorts;
                foreach (var (subscriptionId, entry) in loaded)
                {
                    var (subscription, inventory, wholeFailure) = entry;
                    foreach (var read in _journal.Where(r => string.Equals(r.Resource.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)))
                        inventory = InventoryPatch.Apply(inventory, read);
                    if (wholeFailure is null)
                        _previous[subscriptionId] = (inventory, timeProvider.GetUtcNow());
                    var evaluation = InventoryEvaluator.Evaluate(inventory, ports);
                    if (evaluation.Control is { } control)
                        controls[subscriptionId] = control;
                    // The default initiative's score ("ascScore"), as the portal shows it.
                    if ((inventory.SecureScores.FirstOrDefault(s => string.Equals(s.Name, "ascScore", StringComparison.OrdinalIgnoreCase))
                         ?? (inventory.SecureScores.Count > 0 ? inventory.SecureScores[0] : null)) is { } score)
                        scores[subscriptionId] = score.Properties.Score;
                    var status = SubscriptionStatus.Of(inventory, evaluation.JitUnavailableReason);
                    if (wholeFailure is not null)
                        status = status with { Health = SubscriptionHealth.Degraded, Problems = [wholeFailure, .. status.Problems] };
                    statuses[subscriptionId] = status;
                    if (status.Health != SubscriptionHealth.Healthy)
                        LogSubscriptionDegraded(logger, subscriptionId, status.Health, string.Join("; ", status.Problems.Select(p => $"{p.Source}: {p.ErrorCode}")));
                    foreach (var vm in inventory.VirtualMachines)
                        machines.Add(new EstateMachine(vm, subscription.DisplayName, evaluation.Machines.GetValueOrDefault(vm.Id) ?? MachineFacts.Empty));
                }
                _journal.Clear();
                _sweeping = false;

                // Subscriptions no longer in scope drop their last inventory.
                foreach (var gone in _previous.Keys.Where(k => !subscriptions.Any(s => string.Equals(s.SubscriptionId, k, StringComparison.OrdinalIgnoreCase))).ToList())
                    _previous.TryRemove(gone, out _);

                var ordered = machines.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
                Publish(new EstateSnapshot(ordered, subscriptions, timeProvider.GetUtcNow(), errors.IsEmpty ? null : string.Join("; ", errors), IsLoading: false)
                {
                    Controls = controls,
                    SecureScores = scores,
                    SubscriptionStatuses = statuses,
                });
                var seconds = timeProvider.GetElapsedTime(started).TotalSeconds;
                LogRefreshed(logger, ordered.Count, subscriptions.Count, seconds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            EndSweep();
            Publish(_snapshot with { IsLoading = false });
            throw;
        }
        catch (Exception e)
        {
            LogRefreshFailed(logger, e);
            EndSweep();
            Publish(_snapshot with { IsLoading = false, Error = e.Message });
        }
    }

    private void EndSweep()
    {
        lock (_applyGate)
        {
            _sweeping = false;
            _journal.Clear();
        }
    }

    private sealed record Loaded(SubscriptionInfo Subscription, SubscriptionInventory Inventory, SubscriptionProblem? WholeFailure);

    public bool Sweeping
    {
        get
        {
            lock (_applyGate) return _sweeping;
        }
    }

    public SubscriptionInventory? InventoryOf(string subscriptionId) =>
        _previous.TryGetValue(subscriptionId, out var entry) ? entry.Inventory : null;

    public IReadOnlySet<string> Apply(IReadOnlyList<ResourceRead> reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (reads.Count == 0) return changed;
        lock (_applyGate)
        {
            if (_sweeping) _journal.AddRange(reads);
            var snapshot = _snapshot;
            var byId = snapshot.Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            var statuses = new Dictionary<string, SubscriptionStatus>(snapshot.SubscriptionStatuses, StringComparer.OrdinalIgnoreCase);
            var ports = estateOptions.Value.EffectivePorts;
            var added = false;
            foreach (var group in reads.GroupBy(r => r.Resource.SubscriptionId, StringComparer.OrdinalIgnoreCase))
            {
                // A subscription not loaded yet (or out of scope) has nothing to patch: its sweep reads it whole.
                if (!_previous.TryGetValue(group.Key, out var entry)) continue;
                var inventory = entry.Inventory;
                var affected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var read in group)
                {
                    affected.UnionWith(InventoryPatch.Affected(inventory, read.Resource));
                    inventory = InventoryPatch.Apply(inventory, read);
                    affected.UnionWith(InventoryPatch.Affected(inventory, read.Resource));
                }
                _previous[group.Key] = (inventory, entry.LoadedAt);
                if (affected.Count == 0) continue;
                var evaluation = InventoryEvaluator.Evaluate(inventory, ports, affected, snapshot.Controls.GetValueOrDefault(group.Key));
                var subscriptionName = inventory.Subscription.DisplayName;
                var vms = inventory.VirtualMachines.Where(v => affected.Contains(v.Id)).ToDictionary(v => v.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var id in affected)
                {
                    if (vms.TryGetValue(id, out var vm))
                    {
                        added |= !byId.ContainsKey(vm.Id);
                        byId[vm.Id] = new EstateMachine(vm, subscriptionName, evaluation.Machines.GetValueOrDefault(vm.Id) ?? MachineFacts.Empty);
                    }
                    else if (!byId.Remove(id))
                    {
                        continue;
                    }
                    changed.Add(id.ToLowerInvariant());
                }
                statuses[group.Key] = SubscriptionStatus.Of(inventory, evaluation.JitUnavailableReason) is var status
                    && snapshot.SubscriptionStatuses.GetValueOrDefault(group.Key) is { } was && was.Problems.Any(p => p.Source == "Subscription")
                    ? was : status;
            }
            if (changed.Count == 0) return changed;
            // The order stays the sweep's (by name): replace in place, and sort again only when a VM was added.
            var machines = snapshot.Machines.Where(m => byId.ContainsKey(m.Id)).Select(m => byId[m.Id]).ToList();
            if (added)
            {
                machines = byId.Values.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToList();
            }
            Publish(snapshot with { Machines = machines, SubscriptionStatuses = statuses });
        }
        return changed;
    }

    private void Publish(EstateSnapshot snapshot)
    {
        _snapshot = snapshot;
        Changed?.Invoke(snapshot);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: loading subscription {SubscriptionId} failed")]
    private static partial void LogSubscriptionFailed(ILogger logger, Exception exception, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: subscription {SubscriptionId} is {Health}: {Problems}")]
    private static partial void LogSubscriptionDegraded(ILogger logger, string subscriptionId, SubscriptionHealth health, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Estate: refreshed {Machines} machines in {Subscriptions} subscriptions in {Seconds:0.0} s")]
    private static partial void LogRefreshed(ILogger logger, int machines, int subscriptions, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Estate: refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
