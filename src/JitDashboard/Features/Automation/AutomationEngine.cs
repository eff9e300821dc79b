using JitDashboard.Features.Notifications;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

/// <summary>What a run is asked to do.</summary>
/// <param name="Focus">Only these VMs (the webhook's); null: the whole scope.</param>
/// <param name="Drift">Drift findings by lower-case VM id; the run remediates those in its scope.</param>
/// <param name="RecordWhenIdle">Record a run even when it has nothing to do (manual runs); automatic ones stay quiet.</param>
public sealed record AutomationRunRequest(
    AutomationRule Rule,
    AutomationTrigger Trigger,
    string StartedBy,
    IReadOnlySet<string>? Focus = null,
    IReadOnlyDictionary<string, DriftFinding>? Drift = null,
    bool RecordWhenIdle = true)
{
    /// <summary>Last say before the planned run is recorded (the dispatcher drops repeated dry runs).</summary>
    public Func<AutomationRun, bool>? Accept { get; init; }
}

/// <summary>A recorded run and the task that finishes it (JIT operations still running).</summary>
public sealed record AutomationRunStarted(AutomationRun Run, Task Completion);

/// <summary>
/// Plans and records runs, and carries them out through <see cref="IJitOperationService"/> (the same persisted,
/// resumable operations as a person's apply), never writing policies itself.
/// </summary>
public sealed partial class AutomationEngine(
    IDbContextFactory<JitDbContext> factory,
    IEstateService estate,
    IJitOperationService operations,
    IPolicyTemplateService templates,
    IAuditLog audit,
    INotifier notifier,
    IOptions<AutomationOptions> options,
    TimeProvider time,
    ILogger<AutomationEngine> logger)
{
    public const string AutomationActor = "automation";

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
        var completion = todo.Count == 0
            ? FinishAsync(run.Id, CancellationToken.None)
            : Task.Run(() => ExecuteAsync(run.Id, request.Rule.TemplateId, todo, request.Drift, CancellationToken.None), CancellationToken.None);
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

    /// <summary>
    /// Applies JIT to the run's VMs through one operation (a deleted deny rule first takes the VM out of its policy,
    /// so the apply puts the rule back), then records each VM's result. One VM's failure leaves the rest alone.
    /// </summary>
    private async Task ExecuteAsync(Guid runId, Guid? templateId, List<AutomationAction> todo, IReadOnlyDictionary<string, DriftFinding>? drift, CancellationToken ct)
    {
        var results = new Dictionary<long, (AutomationActionStatus Status, string? Error, Guid? OperationId)>();
        try
        {
            var actor = $"{AutomationActor}:{runId:N}";
            var readd = todo.Where(a => drift?.GetValueOrDefault(a.MachineId.ToLowerInvariant())?.Kind == DriftKind.DenyRuleDeleted).ToList();
            if (readd.Count > 0)
            {
                var removal = await operations.StartAsync(JitOperationKind.Remove, readd.Select(a => a.MachineId).ToList(), null, actor, ct);
                if (removal.OperationId is { } removeId) await WaitAsync(removeId, ct);
            }

            var start = await operations.StartAsync(JitOperationKind.Apply, todo.Select(a => a.MachineId).ToList(), templateId, actor, ct);
            if (start.OperationId is not { } operationId)
            {
                var error = string.Join(" ", start.Errors.SelectMany(e => e.Value));
                foreach (var a in todo) results[a.Id] = (AutomationActionStatus.Failed, error, null);
            }
            else
            {
                await SetOperationAsync(todo, operationId, ct);
                var view = await WaitAsync(operationId, ct);
                var byVm = view?.Results.ToDictionary(r => r.MachineId, StringComparer.OrdinalIgnoreCase) ?? [];
                foreach (var a in todo)
                {
                    results[a.Id] = byVm.GetValueOrDefault(a.MachineId) switch
                    {
                        { Status: JitOperationItemStatus.Succeeded } => (AutomationActionStatus.Succeeded, null, operationId),
                        { Status: JitOperationItemStatus.Skipped } r => (AutomationActionStatus.Skipped, r.Error, operationId),
                        { } r => (AutomationActionStatus.Failed, r.Error ?? "The operation did not finish.", operationId),
                        null => (AutomationActionStatus.Failed, "The operation reported nothing for this VM.", operationId),
                    };
                }
            }
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, runId);
            foreach (var a in todo) results.TryAdd(a.Id, (AutomationActionStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", null));
        }
        await RecordAsync(results, CancellationToken.None);
        await FinishAsync(runId, CancellationToken.None);
    }

    private async Task<JitOperationView?> WaitAsync(Guid operationId, CancellationToken ct)
    {
        JitOperationView? last = null;
        await foreach (var view in operations.WatchAsync(operationId, ct))
        {
            last = view;
            if (view.IsFinished) break;
        }
        return last;
    }

    private async Task SetOperationAsync(List<AutomationAction> actions, Guid operationId, CancellationToken ct)
    {
        var ids = actions.Select(a => a.Id).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.AutomationActions().Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.OperationId, operationId), ct);
    }

    private async Task RecordAsync(Dictionary<long, (AutomationActionStatus Status, string? Error, Guid? OperationId)> results, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var ids = results.Keys.ToList();
        var stored = await db.AutomationActions().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        foreach (var a in stored)
        {
            var (status, error, operationId) = results[a.Id];
            a.Status = status;
            a.Error = error;
            a.OperationId = operationId ?? a.OperationId;
            a.UpdatedAtMs = NowMs;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets the run's outcome from its actions, audits it and publishes it.</summary>
    private async Task FinishAsync(Guid runId, CancellationToken ct)
    {
        AutomationRun run;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            run = await db.AutomationRuns().Include(r => r.Actions).FirstAsync(r => r.Id == runId, ct);
            var acted = run.Actions.Where(a => a.Kind != AutomationActionKind.Skip).ToList();
            if (run.Status == AutomationRunStatus.Running || (run.Status == AutomationRunStatus.AwaitingApproval && acted.All(a => a.Status != AutomationActionStatus.PendingApproval)))
            {
                var done = acted.Where(a => a.Status is AutomationActionStatus.Succeeded or AutomationActionStatus.Failed).ToList();
                if (acted.Any(a => a.Status is AutomationActionStatus.Running or AutomationActionStatus.PendingApproval)) return;
                var succeeded = done.Count(a => a.Status == AutomationActionStatus.Succeeded);
                run.Status = done.Count == 0 ? AutomationRunStatus.NothingToDo
                    : succeeded == done.Count ? AutomationRunStatus.Succeeded
                    : succeeded == 0 ? AutomationRunStatus.Failed
                    : AutomationRunStatus.PartiallySucceeded;
                run.FinishedAtMs = NowMs;
                await db.SaveChangesAsync(ct);
            }
        }
        Changed?.Invoke();
        if (run.Status is AutomationRunStatus.Running) return;

        var counts = run.Actions.GroupBy(a => a.Status).ToDictionary(g => g.Key.ToString(), g => g.Count());
        await audit.AppendAsync(new AuditEntry(AutomationActor, AuditActorKind.Automation, AuditActions.AutomationRun, run.RuleName,
            run.Status is AutomationRunStatus.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            new
            {
                runId = run.Id,
                ruleId = run.RuleId,
                trigger = run.Trigger.ToString(),
                mode = run.Mode.ToString(),
                status = run.Status.ToString(),
                startedBy = run.StartedBy,
                considered = run.Considered,
                counts,
                machines = run.Actions.Where(a => a.Kind != AutomationActionKind.Skip).Select(a => new { a.MachineId, status = a.Status.ToString(), a.Error }).ToList(),
                message = run.Message,
            }), ct);
        if (run.Actions.Any(a => a.Kind != AutomationActionKind.Skip))
        {
            var facts = new Dictionary<string, string>
            {
                ["Rule"] = run.RuleName,
                ["Trigger"] = run.Trigger.ToString(),
                ["Mode"] = run.Mode.ToString(),
                ["Outcome"] = run.Status.ToString(),
            };
            foreach (var (k, v) in counts) facts[k] = v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await notifier.PublishAsync(new NotificationEvent(NotificationKind.AutomationRun,
                $"Automation rule '{run.RuleName}': {run.Status}",
                $"{run.Trigger} run of '{run.RuleName}' in {run.Mode} mode considered {run.Considered} VMs.",
                facts, $"/automation?run={run.Id}", time.GetUtcNow()), ct);
        }
    }

    /// <summary>Approves a pending proposal: applies it now. Null when unknown or no longer pending.</summary>
    public async Task<AutomationAction?> ApproveAsync(long actionId, string approver, CancellationToken ct = default)
    {
        var (action, run) = await DecideAsync(actionId, approver, AutomationActionStatus.Running, ct);
        if (action is null || run is null) return null;
        await audit.AppendAsync(new AuditEntry(approver, AuditActorKind.User, AuditActions.AutomationActionApproved, action.MachineId, AuditOutcome.Succeeded,
            new { runId = run.Id, ruleId = run.RuleId, actionId }), ct);
        Guid? templateId;
        await using (var db = await factory.CreateDbContextAsync(ct))
            templateId = await db.AutomationRules().Where(r => r.Id == run.RuleId).Select(r => r.TemplateId).FirstOrDefaultAsync(ct);
        _ = Task.Run(() => ExecuteAsync(run.Id, templateId, [action], null, CancellationToken.None), CancellationToken.None);
        return action;
    }

    /// <summary>Rejects a pending proposal. Null when unknown or no longer pending.</summary>
    public async Task<AutomationAction?> RejectAsync(long actionId, string approver, CancellationToken ct = default)
    {
        var (action, run) = await DecideAsync(actionId, approver, AutomationActionStatus.Rejected, ct);
        if (action is null || run is null) return null;
        await audit.AppendAsync(new AuditEntry(approver, AuditActorKind.User, AuditActions.AutomationActionRejected, action.MachineId, AuditOutcome.Succeeded,
            new { runId = run.Id, ruleId = run.RuleId, actionId }), ct);
        await FinishAsync(run.Id, ct);
        return action;
    }

    private async Task<(AutomationAction?, AutomationRun?)> DecideAsync(long actionId, string approver, AutomationActionStatus to, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Conditional update: two Approvers clicking at once cannot both apply it.
        var changed = await db.AutomationActions().Where(a => a.Id == actionId && a.Status == AutomationActionStatus.PendingApproval)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, to).SetProperty(a => a.DecidedBy, approver).SetProperty(a => a.UpdatedAtMs, NowMs), ct);
        if (changed == 0) return (null, null);
        var action = await db.AutomationActions().AsNoTracking().FirstAsync(a => a.Id == actionId, ct);
        var run = await db.AutomationRuns().AsNoTracking().FirstAsync(r => r.Id == action.RunId, ct);
        Changed?.Invoke();
        return (action, run);
    }

    /// <summary>Alerts on drift: notification and audit.</summary>
    public async Task AlertDriftAsync(DriftFinding finding, AutomationRule rule, CancellationToken ct = default)
    {
        await audit.AppendAsync(new AuditEntry(AutomationActor, AuditActorKind.Automation, AuditActions.AutomationDriftDetected, finding.Machine.Id, AuditOutcome.Succeeded,
            new { kind = finding.Kind.ToString(), detail = finding.Detail, ruleId = rule.Id, rule = rule.Name, remediation = finding.Remediable ? rule.Mode.ToString() : "manual" }), ct);
        await notifier.PublishAsync(new NotificationEvent(NotificationKind.DriftDetected,
            $"JIT drift on {finding.Machine.Name}",
            finding.Detail + (finding.Remediable ? $" Rule '{rule.Name}' puts JIT back ({rule.Mode})." : " A person must fix it."),
            new Dictionary<string, string>
            {
                ["VM"] = finding.Machine.Name,
                ["Resource group"] = finding.Machine.ResourceGroup,
                ["Subscription"] = finding.Machine.SubscriptionName,
                ["Drift"] = finding.Kind.ToString(),
                ["Rule"] = rule.Name,
            },
            "/automation", time.GetUtcNow()), ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Automation run {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid runId);
}
