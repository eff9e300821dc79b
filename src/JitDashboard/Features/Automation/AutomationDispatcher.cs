using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

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
    TimeProvider time) : IDisposable
{
    // One evaluation at a time on this instance.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    // VMs a drift run is remediating (lower-case id → the run's completion): their intermediate states (a deny rule
    // put back by removing and re-applying the policy) are neither drift nor a baseline.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _remediating = new(StringComparer.OrdinalIgnoreCase);

    // When each of those runs was first seen finished, for the settle time below.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _finishedAt = new(StringComparer.OrdinalIgnoreCase);

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(10);

    // Dry runs change nothing, so the same proposals would be recorded after every refresh: record a set once.
    private readonly Dictionary<(Guid, AutomationTrigger), string> _lastDryRun = [];

    /// <summary>Runs drift, exposure and assessment for every enabled rule against the current snapshot.</summary>
    public Task EvaluateAsync(CancellationToken ct) => EvaluateAsync(null, ct);

    /// <summary>
    /// As <see cref="EvaluateAsync(CancellationToken)"/>, with the exposure and assessment triggers on the VMs in
    /// <paramref name="changed"/> (lower-case ids) only when given: the VMs whose facts a targeted refresh changed.
    /// </summary>
    public async Task EvaluateAsync(IReadOnlySet<string>? changed, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var snapshot = estate.Snapshot;
            if (!snapshot.HasLoaded || snapshot.RefreshedAt is null) return;
            if (changed is { Count: 0 }) return;
            var enabled = (await rules.ListAsync(ct)).Where(r => r.Enabled && (r.Triggers.Exposure || r.Triggers.Assessment)).ToList();

            // A finished run's VMs stay left alone for a settle time: its writes reach the snapshot through Azure's
            // events a moment later, and until then the VM would still look unprotected and be applied again.
            var now0 = time.GetUtcNow();
            foreach (var (id, done) in _remediating.Where(r => r.Value.IsCompleted).ToList())
            {
                var finished = _finishedAt.GetOrAdd(id, now0);
                if (now0 - finished < SettleTime) continue;
                _remediating.TryRemove(id, out _);
                _finishedAt.TryRemove(id, out _);
            }
            bool Remediating(EstateMachine m) => _remediating.ContainsKey(m.Id.ToLowerInvariant());

            await using var db = await factory.CreateDbContextAsync(ct);
            var baselines = (await db.JitBaselines().ToListAsync(ct)).ToDictionary(b => b.MachineId, StringComparer.OrdinalIgnoreCase);
            var drift = new Dictionary<string, DriftFinding>(StringComparer.OrdinalIgnoreCase);
            foreach (var machine in snapshot.Machines)
            {
                if (Remediating(machine)) continue;
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
                    if (await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Drift, AutomationEngine.AutomationActor, focus, drift, RecordWhenIdle: false), ct) is { } started)
                    {
                        foreach (var id in focus)
                        {
                            _remediating[id] = started.Completion;
                            _finishedAt.TryRemove(id, out _);
                        }
                    }
                }
                // VMs a run is still applying are left to it: their next change event would otherwise start a second
                // apply of the same VM before the first one's result is in the snapshot.
                var notInFlight = (changed ?? snapshot.Machines.Select(m => m.Id)).Select(id => id.ToLowerInvariant())
                    .Where(id => !_remediating.ContainsKey(id)).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (rule.Triggers.Exposure)
                    Track(await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Exposure, AutomationEngine.AutomationActor, notInFlight, RecordWhenIdle: false), ct));
                if (rule.Triggers.Assessment)
                    Track(await StartAsync(new AutomationRunRequest(rule, AutomationTrigger.Assessment, AutomationEngine.AutomationActor, notInFlight, RecordWhenIdle: false), ct));
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
                if (Remediating(machine)) continue;
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

    private void Track(AutomationRunStarted? started)
    {
        if (started is null) return;
        foreach (var action in started.Run.Actions.Where(a => a.Kind == AutomationActionKind.Apply))
        {
            _remediating[action.MachineId.ToLowerInvariant()] = started.Completion;
            _finishedAt.TryRemove(action.MachineId.ToLowerInvariant(), out _);
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

    private async Task<AutomationRunStarted?> StartAsync(AutomationRunRequest request, CancellationToken ct)
    {
        if (request.Rule.Mode != AutomationMode.DryRun)
            return await engine.StartRunAsync(request, ct);
        // Dry runs change nothing, so every refresh would propose the same again: record a proposal set once.
        var key = (request.Rule.Id, request.Trigger);
        return await engine.StartRunAsync(request with
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
