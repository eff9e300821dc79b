using JitDashboard.Features.Policies;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Automation;

/// <summary>The rest of <see cref="AutomationEngine"/> (one class, two files to keep each short).</summary>
public sealed partial class AutomationEngine
{
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
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping: the JIT operation is persisted and its runner resumes it after the restart.
            foreach (var a in todo) results.TryAdd(a.Id, (AutomationActionStatus.Failed, "Interrupted by a shutdown; the JIT operation resumes after the restart.", null));
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, runId);
            foreach (var a in todo) results.TryAdd(a.Id, (AutomationActionStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", null));
        }
        // The outcome is written even while stopping (a few local writes), so no run stays Running for ever.
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
                machines = AuditedMachines(run, out var omitted),
                machinesOmitted = omitted,
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

    /// <summary>
    /// The run's acted-on machines for its audit entry, within a budget: an entry is at most 8192 characters, and a run
    /// over a large estate would exceed it (the append then fails and the run's audit is lost). The rest are counted.
    /// </summary>
    private static List<object> AuditedMachines(AutomationRun run, out int omitted)
    {
        const int Budget = 6000;
        var machines = new List<object>();
        var used = 0;
        omitted = 0;
        foreach (var a in run.Actions.Where(a => a.Kind != AutomationActionKind.Skip))
        {
            var error = a.Error is { Length: > 200 } e ? e[..200] + "…" : a.Error;
            var item = new { a.MachineId, status = a.Status.ToString(), Error = error };
            var size = System.Text.Json.JsonSerializer.Serialize(item).Length + 1;
            if (used + size > Budget)
            {
                omitted++;
                continue;
            }
            used += size;
            machines.Add(item);
        }
        return machines;
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
        _ = Runs.Start(token => ExecuteAsync(run.Id, templateId, [action], null, token), _stopping.Token);
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

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Cancels the runs under way and waits for them to record their outcome.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Runs.WhenAllAsync().WaitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Automation: recording a run's outcome failed")]
    private static partial void LogRunWorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Automation run {RunId} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid runId);
}
