using JitDashboard.Features.Notifications;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

/// <summary>
/// Plans and records runs, and carries them out through <see cref="IJitOperationService"/> (the same persisted,
/// resumable operations as a person's apply), never writing policies itself. A run carried out in the background is
/// tracked work: cancelled when the host stops, awaited before it has stopped, its failure logged and recorded.
/// </summary>
// The gate and the stop source free nothing when disposed (no wait handle, timer or linked registration taken), and
// this singleton lives as long as the app.
#pragma warning disable CA1001
public sealed partial class AutomationEngine(
    IDbContextFactory<JitDbContext> factory,
    IEstateService estate,
    IJitOperationService operations,
    IPolicyTemplateService templates,
    IAuditLog audit,
    INotifier notifier,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<AutomationEngine> logger) : IHostedService
#pragma warning restore CA1001
{
    public const string AutomationActor = "automation";

    // Cancelled when the host stops: the runs under way stop waiting for their operations (which resume after a restart).
    // Never disposed: it has no timer or linked registration to free, and a run or a late StopAsync may still read it
    // while the container is being disposed.
    private readonly CancellationTokenSource _stopping = new();
    private WorkTracker? _runsField;

    private WorkTracker Runs => LazyInitializer.EnsureInitialized(ref _runsField, () => new WorkTracker(ex => LogRunWorkFailed(logger, ex)));

    // Planning and recording are serialised so two triggers at once cannot propose the same VM twice.
    private readonly SemaphoreSlim _planGate = new(1, 1);

    /// <summary>Raised after a run or action changes (the page refreshes).</summary>
    public event Action? Changed;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Plans, records and starts a run; null when an automatic run found nothing to do.</summary>
    public async Task<AutomationRunStarted?> StartRunAsync(AutomationRunRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!estate.Snapshot.HasLoaded) await estate.RefreshAsync(ct);
        AutomationRun run;
        await _planGate.WaitAsync(ct);
        try
        {
            var planned = await PlanAsync(request, ct);
            if (planned is null || request.Accept?.Invoke(planned) == false) return null;
            run = planned;
            await using var db = await factory.CreateDbContextAsync(ct);
            db.AutomationRuns().Add(run);
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            _planGate.Release();
        }
        Changed?.Invoke();

        var todo = run.Actions.Where(a => a.Status == AutomationActionStatus.Running).ToList();
        if (todo.Count == 0)
        {
            // Nothing to carry out: finish it now (a few writes), not at the caller's pace (a closed tab must not leave it Running).
            await FinishAsync(run.Id, _stopping.Token);
            return new AutomationRunStarted(run, Task.CompletedTask);
        }
        var completion = Runs.Start(token => ExecuteAsync(run.Id, request.Rule.TemplateId, todo, request.Drift, token), _stopping.Token);
        return new AutomationRunStarted(run, completion);
    }

    private async Task<AutomationRun?> PlanAsync(AutomationRunRequest request, CancellationToken ct)
    {
        var rule = request.Rule;
        var snapshot = estate.Snapshot;
        var scoped = ScopeEvaluator.Evaluate(rule, snapshot.Machines);
        var noMatch = scoped.Count == 0;
        if (request.Focus is not null)
            scoped = scoped.Where(s => request.Focus.Contains(s.Machine.Id.ToLowerInvariant())).ToList();

        var (busy, recentlyFailed) = await BusyAsync(ct);
        var template = rule.TemplateId is { } templateId ? await templates.GetAsync(templateId, ct) : await templates.GetDefaultAsync(ct);
        var now = NowMs;
        var automatic = request.Trigger != AutomationTrigger.Manual;
        var actions = new List<AutomationAction>();
        var todo = 0;
        foreach (var (machine, excluded) in scoped)
        {
            var key = machine.Id.ToLowerInvariant();
            var drift = request.Drift?.GetValueOrDefault(key);
            var need = drift is not null ? (AutomationActionKind.Remediate, drift.Detail) : Need(machine, request.Trigger, template);
            if (need is not var (kind, reason) || reason is null) continue;

            AutomationAction Skip(string why) => new()
            {
                MachineId = machine.Id, MachineName = machine.Name, Kind = AutomationActionKind.Skip,
                Status = AutomationActionStatus.Skipped, Reason = why, UpdatedAtMs = now,
            };
            if (excluded is not null)
            {
                actions.Add(Skip(excluded));
                continue;
            }
            if (PolicyPlanner.SkipReason(machine) is { } skip)
            {
                // Unsupported, or never written blind (its policies unread, its subscription read-only or without Defender).
                actions.Add(Skip(skip));
                continue;
            }
            if (busy.Contains(key))
            {
                if (!automatic) actions.Add(Skip("Already pending approval or being applied by another run."));
                continue;
            }
            if (automatic && recentlyFailed.Contains(key) && drift is null)
                continue;
            if (drift is { Remediable: false })
            {
                // Alerted, not acted on: JIT keeps custom rules ahead of its deny rule. A skip, so no failure back-off.
                actions.Add(Skip($"Not remediable automatically: {reason}"));
                continue;
            }
            if (todo >= rule.MaxActionsPerRun)
            {
                actions.Add(Skip($"Rate cap: at most {rule.MaxActionsPerRun} actions per run; left for the next run."));
                continue;
            }
            todo++;
            actions.Add(new AutomationAction
            {
                MachineId = machine.Id, MachineName = machine.Name, Kind = kind, Reason = reason, UpdatedAtMs = now,
                Status = rule.Mode switch
                {
                    AutomationMode.DryRun => AutomationActionStatus.WouldApply,
                    AutomationMode.RequireApproval => AutomationActionStatus.PendingApproval,
                    _ => AutomationActionStatus.Running,
                },
            });
        }

        var hasWork = actions.Any(a => a.Kind != AutomationActionKind.Skip);
        if (!request.RecordWhenIdle && !hasWork) return null;
        var status = noMatch ? AutomationRunStatus.NoMatch
            : todo == 0 ? (actions.Any(a => a.Status == AutomationActionStatus.Failed) ? AutomationRunStatus.Failed : AutomationRunStatus.NothingToDo)
            : rule.Mode switch
            {
                AutomationMode.DryRun => AutomationRunStatus.DryRun,
                AutomationMode.RequireApproval => AutomationRunStatus.AwaitingApproval,
                _ => AutomationRunStatus.Running,
            };
        return new AutomationRun
        {
            Id = Guid.NewGuid(),
            RuleId = rule.Id,
            RuleName = rule.Name,
            Trigger = request.Trigger,
            Mode = rule.Mode,
            Status = status,
            StartedBy = request.StartedBy,
            StartedAtMs = now,
            FinishedAtMs = status == AutomationRunStatus.Running ? null : now,
            Considered = scoped.Count,
            Message = noMatch ? "The rule's scope matches no VM." : todo == 0 && actions.Count == 0 ? "Every in-scope VM is already covered." : null,
            Actions = actions,
        };
    }

    /// <summary>
    /// Why the trigger wants JIT on this VM, or null: Not configured (exposed or not), or Configured with a management
    /// port open to the Internet that its policy does not cover but the rule's template would.
    /// </summary>
    private static (AutomationActionKind, string?)? Need(EstateMachine machine, AutomationTrigger trigger, PolicyTemplate? template)
    {
        var facts = machine.Facts;
        if (facts.JitStatus == JitStatus.Configured && trigger != AutomationTrigger.Assessment && template is not null)
        {
            var covered = facts.JitPorts.Select(p => p.Number).ToHashSet();
            var wanted = template.PortsFor(machine.OsType).Select(p => p.Number).ToHashSet();
            var uncovered = facts.Ports.Where(p => p.Exposure == Platform.Estate.Exposure.PortExposure.Open && !covered.Contains(p.Port) && wanted.Contains(p.Port)).Select(p => p.Port).ToList();
            return uncovered.Count > 0
                ? (AutomationActionKind.Apply, $"Port {string.Join(", ", uncovered)} open to the Internet and not covered by its JIT policy.")
                : null;
        }
        // Exposed but its policies unread: the run records why it does not act (the skip reason says so).
        if (facts.JitStatus == JitStatus.Unknown)
            return facts.Exposed ? (AutomationActionKind.Apply, "Exposed to the Internet; JIT status unknown.") : null;
        if (facts.JitStatus != JitStatus.NotConfigured) return null;
        if (trigger == AutomationTrigger.Assessment)
        {
            return facts.JitRecommendation == RecommendationState.Unhealthy
                ? (AutomationActionKind.Apply, $"Defender assessment {Assessment.JitKey} is Unhealthy.")
                : null;
        }
        var open = facts.Ports.Where(p => p.Exposure == Platform.Estate.Exposure.PortExposure.Open).Select(p => p.Port).ToList();
        return (AutomationActionKind.Apply, open.Count > 0 ? $"Exposed to the Internet on port {string.Join(", ", open)}; JIT not configured." : "JIT not configured.");
    }

    /// <summary>VMs with a proposal waiting or an action running, and VMs whose action failed recently.</summary>
    private async Task<(HashSet<string> Busy, HashSet<string> RecentlyFailed)> BusyAsync(CancellationToken ct)
    {
        var since = NowMs - (long)options.Value.FailureBackoff.TotalMilliseconds;
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.AutomationActions().AsNoTracking()
            .Where(a => a.Status == AutomationActionStatus.PendingApproval || a.Status == AutomationActionStatus.Running
                        // An action the operation skipped (e.g. a name too long for the policy) would be tried again
                        // after every refresh: back off from it like from a failure.
                        || ((a.Status == AutomationActionStatus.Failed || (a.Status == AutomationActionStatus.Skipped && a.Kind != AutomationActionKind.Skip)) && a.UpdatedAtMs >= since))
            .Select(a => new { a.MachineId, a.Status }).ToListAsync(ct);
        return (
            rows.Where(r => r.Status is AutomationActionStatus.PendingApproval or AutomationActionStatus.Running).Select(r => r.MachineId.ToLowerInvariant()).ToHashSet(),
            rows.Where(r => r.Status is AutomationActionStatus.Failed or AutomationActionStatus.Skipped).Select(r => r.MachineId.ToLowerInvariant()).ToHashSet());
    }
}
