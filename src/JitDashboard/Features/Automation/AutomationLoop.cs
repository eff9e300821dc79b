using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Work;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

/// <summary>
/// The automatic side: after each estate refresh, drift is detected against the stored baselines and every enabled
/// rule runs its exposure and assessment triggers; the webhook runs rules on the VMs it names.
/// </summary>
public sealed class AutomationDispatcher(
    IDbContextFactory<JitDbContext> factory,
    AutomationRuleService rules,
    AutomationEngine engine,
    IEstateService estate,
    TimeProvider time)
{
    // One evaluation at a time on this instance.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Dry runs change nothing, so the same proposals would be recorded after every refresh: record a set once.
    private readonly Dictionary<(Guid, AutomationTrigger), string> _lastDryRun = [];

    /// <summary>Runs drift, exposure and assessment for every enabled rule against the current snapshot.</summary>
    public async Task EvaluateAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var snapshot = estate.Snapshot;
            if (!snapshot.HasLoaded || snapshot.RefreshedAt is null) return;
            var enabled = (await rules.ListAsync(ct)).Where(r => r.Enabled && (r.Triggers.Exposure || r.Triggers.Assessment)).ToList();

            await using var db = await factory.CreateDbContextAsync(ct);
            var baselines = (await db.JitBaselines().ToListAsync(ct)).ToDictionary(b => b.MachineId, StringComparer.OrdinalIgnoreCase);
            var drift = new Dictionary<string, DriftFinding>(StringComparer.OrdinalIgnoreCase);
            foreach (var machine in snapshot.Machines)
            {
                if (DriftDetector.Detect(machine, baselines.GetValueOrDefault(machine.Id.ToLowerInvariant())) is { } finding)
                    drift[machine.Id.ToLowerInvariant()] = finding;
            }

            var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var rule in enabled)
            {
                var scoped = ScopeEvaluator.Evaluate(rule, snapshot.Machines);
                var mine = scoped.Where(s => s.ExcludedBecause is null && drift.ContainsKey(s.Machine.Id.ToLowerInvariant()) && !handled.Contains(s.Machine.Id))
                    .Select(s => drift[s.Machine.Id.ToLowerInvariant()]).ToList();
                if (mine.Count > 0)
                {
                    foreach (var finding in mine)
                    {
                        handled.Add(finding.Machine.Id);
                        await engine.AlertDriftAsync(finding, rule, ct);
                    }
                    var focus = mine.Select(f => f.Machine.Id.ToLowerInvariant()).ToHashSet();
                    await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Drift, AutomationEngine.AutomationActor, focus, drift, RecordWhenIdle: false), ct);
                }
                if (rule.Triggers.Exposure)
                    await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Exposure, AutomationEngine.AutomationActor, RecordWhenIdle: false), ct);
                if (rule.Triggers.Assessment)
                    await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Assessment, AutomationEngine.AutomationActor, RecordWhenIdle: false), ct);
            }

            // Baselines: remember every Configured VM as it is now. A handled remediable drift forgets the VM's
            // baseline (it is re-taken once JIT is back); an unremediable one is alerted once, then accepted.
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var machine in snapshot.Machines)
            {
                var key = machine.Id.ToLowerInvariant();
                present.Add(key);
                baselines.TryGetValue(key, out var stored);
                var finding = drift.GetValueOrDefault(key);
                if (finding is not null && handled.Contains(machine.Id) && finding.Remediable)
                {
                    if (stored is not null) db.JitBaselines().Remove(stored);
                    continue;
                }
                if (finding is not null && !handled.Contains(machine.Id))
                {
                    // Drift no rule covers: keep watching the old baseline only while the VM is still Configured.
                    if (machine.Facts.JitStatus != JitStatus.Configured && stored is not null) db.JitBaselines().Remove(stored);
                    continue;
                }
                if (machine.Facts.JitStatus != JitStatus.Configured) continue;
                // Unread network: the deny rules are not known, so the baseline keeps what it last knew.
                if (machine.Facts.ExposureUnknown) continue;
                var fresh = DriftDetector.Capture(machine, now);
                if (stored is null) db.JitBaselines().Add(fresh);
                else if (!DriftDetector.SameAs(stored, fresh))
                {
                    stored.DenyRules = fresh.DenyRules;
                    stored.OpenPorts = fresh.OpenPorts;
                    stored.UpdatedAtMs = now;
                }
            }
            // VMs that disappeared from a complete estate read.
            // Only from a complete read: a VM missing because its subscription could not be listed has not gone.
            if (snapshot.Error is null && snapshot.SubscriptionStatuses.Values.All(s => s.Health != Platform.Estate.SubscriptionHealth.Unavailable))
            {
                foreach (var gone in baselines.Values.Where(b => !present.Contains(b.MachineId))) db.JitBaselines().Remove(gone);
            }
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The webhook: runs every enabled rule with the webhook trigger on the named VMs (after a refresh).</summary>
    public async Task<IReadOnlyList<Guid>> RunWebhookAsync(IReadOnlySet<string> machineIds, CancellationToken ct)
    {
        var runs = new List<Guid>();
        foreach (var rule in (await rules.ListAsync(ct)).Where(r => r.Enabled && r.Triggers.Webhook))
        {
            var started = await engine.StartRunAsync(new AutomationRunRequest(rule, AutomationTrigger.Webhook, AutomationEngine.AutomationActor, machineIds, RecordWhenIdle: false), ct);
            if (started is not null) runs.Add(started.Run.Id);
        }
        return runs;
    }

    private async Task StartAsync(AutomationRunRequest request, CancellationToken ct)
    {
        if (request.Rule.Mode != AutomationMode.DryRun)
        {
            await engine.StartRunAsync(request, ct);
            return;
        }
        // Dry runs change nothing, so every refresh would propose the same again: record a proposal set once.
        var key = (request.Rule.Id, request.Trigger);
        await engine.StartRunAsync(request with
        {
            Accept = run =>
            {
                var set = string.Join('|', run.Actions.Where(a => a.Kind != AutomationActionKind.Skip).Select(a => a.MachineId.ToLowerInvariant()).Order(StringComparer.Ordinal));
                if (_lastDryRun.TryGetValue(key, out var last) && last == set) return false;
                _lastDryRun[key] = set;
                return true;
            },
        }, ct);
    }
}

/// <summary>
/// Holds the automation lease and, while it holds it, evaluates after every estate refresh and refreshes the
/// estate every <see cref="AutomationOptions.CheckInterval"/>. Other instances wait and take over when the lease expires.
/// </summary>
public sealed partial class AutomationLoop(
    IDbContextFactory<JitDbContext> factory,
    AutomationDispatcher dispatcher,
    AutomationRuleService rules,
    IEstateService estate,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<AutomationLoop> logger) : BackgroundService
{
    public const string LeaseName = "automation";

    private readonly SemaphoreSlim _signal = new(0);

    public DatabaseLease Lease { get; } = new(factory, time, LeaseName, DatabaseLease.NewHolderId());

    /// <summary>True while this instance runs automation.</summary>
    public bool IsActive => Lease.IsHeld;

    private DateTimeOffset? _lastSeen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        estate.Changed += OnEstateChanged;
        try
        {
            var o = options.Value;
            var nextRenew = DateTimeOffset.MinValue;
            var nextCheck = DateTimeOffset.MinValue;
            var dirty = true;
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                try
                {
                    if (now >= nextRenew)
                    {
                        var was = Lease.IsHeld;
                        var held = await Lease.TryAcquireAsync(o.LeaseDuration, stoppingToken);
                        if (held && !was) { LogLeaseTaken(logger, Lease.Holder); dirty = true; }
                        nextRenew = now + o.LeaseRenewInterval;
                    }
                    if (Lease.IsHeld)
                    {
                        if (now >= nextCheck)
                        {
                            nextCheck = now + o.CheckInterval;
                            if ((await rules.ListAsync(stoppingToken)).Any(r => r.Enabled && (r.Triggers.Exposure || r.Triggers.Assessment)))
                            {
                                // Fires Changed, which wakes this loop to evaluate.
                                await estate.RefreshAsync(stoppingToken);
                                dirty = true;
                            }
                        }
                        if (dirty || Interlocked.Exchange(ref _pending, 0) == 1)
                        {
                            dirty = false;
                            Interlocked.Exchange(ref _pending, 0);
                            await dispatcher.EvaluateAsync(stoppingToken);
                        }
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // E.g. the database not migrated yet at start: try again at the next tick.
                    LogLoopFailed(logger, ex);
                }
                var wait = Min(nextRenew, Lease.IsHeld ? nextCheck : nextRenew) - time.GetUtcNow();
                try
                {
                    await _signal.WaitAsync(wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            estate.Changed -= OnEstateChanged;
            if (Lease.IsHeld)
            {
                try
                {
                    await Lease.ReleaseAsync(CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogLoopFailed(logger, ex);
                }
            }
        }
    }

    private int _pending;

    private void OnEstateChanged(EstateSnapshot snapshot)
    {
        if (snapshot.IsLoading || snapshot.RefreshedAt is null || snapshot.RefreshedAt == _lastSeen) return;
        _lastSeen = snapshot.RefreshedAt;
        Interlocked.Exchange(ref _pending, 1);
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Automation: this instance ({Holder}) now holds the automation lease")]
    private static partial void LogLeaseTaken(ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automation loop failed; retrying at the next tick")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
