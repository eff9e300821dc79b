using JitDashboard.Features.Audit;
using System.Text.Json.Nodes;
using Azure;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Closes the custom allow rules that keep JIT ports open (opt-in step of an apply): plans from the rules as ARM holds
/// them, writes after JIT is in place, and puts the saved originals back on Undo. Every change is audited.
/// </summary>
public sealed class RuleCloser(
    IDbContextFactory<JitDbContext> factory,
    NetworkClient network,
    IAuditLog audit,
    IOptions<PoliciesOptions> options,
    TimeProvider time)
{
    /// <summary>Reads each blocking rule and plans its change (rules gone meanwhile are left out).</summary>
    public async Task<IReadOnlyList<RuleChangePlan>> PlanAsync(PolicyPlan plan, IReadOnlyDictionary<string, EstateMachine> machines, CancellationToken ct)
    {
        var result = new List<RuleChangePlan>();
        foreach (var rule in RuleClosurePlanner.FindBlockingRules(plan, machines))
        {
            var current = await WithRetriesAsync(() => network.GetSecurityRuleJsonAsync(rule.NsgId, rule.RuleName, ct), ct);
            if (current is null) continue;
            var change = RuleClosurePlanner.Plan(rule, current, machines);
            if (change.JitPorts.Count > 0) result.Add(change);
        }
        return result;
    }

    public static JitRuleChange ToEntity(RuleChangePlan plan, int position, DateTimeOffset now) => new()
    {
        Position = position,
        NsgId = plan.NsgId,
        NsgName = plan.NsgName,
        Level = plan.Level.ToString(),
        RuleName = plan.RuleName,
        Action = plan.Action,
        OriginalJson = plan.Original.ToJsonString(),
        PortsBefore = [.. plan.PortsBefore],
        PortsAfter = [.. plan.PortsAfter],
        JitPorts = [.. plan.JitPorts],
        MachineIds = [.. plan.MachineIds],
        OtherAffectedVms = [.. plan.OtherAffectedVms],
        Status = JitRuleChangeStatus.Pending,
        UpdatedAt = now,
    };

    /// <summary>Runs an operation's Pending rule changes, once its VMs' JIT results are recorded.</summary>
    public async Task RunAsync(Guid operationId, string actor, CancellationToken ct)
    {
        List<JitRuleChange> pending;
        Dictionary<string, JitOperationItem> items;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            pending = await db.JitRuleChanges().AsNoTracking().Where(r => r.OperationId == operationId && r.Status == JitRuleChangeStatus.Pending).ToListAsync(ct);
            if (pending.Count == 0) return;
            items = (await db.JitOperationItems().AsNoTracking().Where(i => i.OperationId == operationId).ToListAsync(ct))
                .GroupBy(i => i.MachineId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }

        foreach (var change in pending.OrderBy(c => c.Position))
        {
            var (status, error) = await CloseAsync(change, items, ct);
            await SaveAsync(change.Id, status, error, ct);
            await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.NsgRuleClosed, $"{change.NsgId}/securityRules/{change.RuleName}",
                status == JitRuleChangeStatus.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                new { operationId, action = change.Action.ToString(), portsBefore = change.PortsBefore, portsAfter = change.PortsAfter, status = status.ToString(), error, original = change.OriginalJson }), ct);
        }
    }

    private async Task<(JitRuleChangeStatus, string?)> CloseAsync(JitRuleChange change, Dictionary<string, JitOperationItem> items, CancellationToken ct)
    {
        // Closing the rule before JIT protects the VM would cut access with no way to request it.
        var notApplied = change.MachineIds.Where(id => items.GetValueOrDefault(id)?.Status != JitOperationItemStatus.Succeeded).ToList();
        if (notApplied.Count > 0)
            return (JitRuleChangeStatus.Skipped, $"JIT was not applied to {string.Join(", ", notApplied.Select(id => items.GetValueOrDefault(id)?.MachineName ?? id))}; the rule is left as it was.");
        try
        {
            var original = JsonNode.Parse(change.OriginalJson)!.AsObject();
            var current = await WithRetriesAsync(() => network.GetSecurityRuleJsonAsync(change.NsgId, change.RuleName, ct), ct);
            if (current is null)
                return change.Action == RuleChangeAction.Delete ? (JitRuleChangeStatus.Succeeded, null) : (JitRuleChangeStatus.Skipped, "The rule no longer exists.");
            if (!RuleClosurePlanner.SameRule(original, current))
            {
                // A resumed run finds its own rewrite done; anything else is someone else's change, which we do not overwrite.
                if (change.Action == RuleChangeAction.Rewrite && RuleClosurePlanner.SameRule(RuleClosurePlanner.RewriteBody(original, change.PortsAfter), current))
                    return (JitRuleChangeStatus.Succeeded, null);
                return (JitRuleChangeStatus.Failed, "RuleChanged: the rule changed since the preview; it was not touched.");
            }
            if (change.Action == RuleChangeAction.Delete)
                await WithRetriesAsync(async () => { await network.DeleteSecurityRuleAndWaitAsync(change.NsgId, change.RuleName, ct); return true; }, ct);
            else
                await WithRetriesAsync(async () => { await network.PutSecurityRuleAndWaitAsync(change.NsgId, change.RuleName, RuleClosurePlanner.RewriteBody(original, change.PortsAfter), ct); return true; }, ct);
            return (JitRuleChangeStatus.Succeeded, null);
        }
        catch (ArmRequestException ex) when (!ct.IsCancellationRequested)
        {
            return (JitRuleChangeStatus.Failed, PolicyWriter.Describe(ex));
        }
    }

    public async Task<IReadOnlyList<JitRuleChangeView>?> ListAsync(Guid operationId, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (!await db.JitOperations().AnyAsync(o => o.Id == operationId, ct)) return null;
        var changes = await db.JitRuleChanges().AsNoTracking().Where(r => r.OperationId == operationId).ToListAsync(ct);
        return changes.OrderBy(c => c.Position).Select(JitRuleChangeView.From).ToList();
    }

    /// <summary>
    /// Puts back every rule the operation closed, exactly as saved. Dry run: lists them, writes nothing. A rule someone
    /// changed (or re-created) since is not overwritten: it is reported with the reason.
    /// </summary>
    public async Task<RuleUndoResult> UndoAsync(Guid operationId, bool dryRun, string actor, CancellationToken ct)
    {
        List<JitRuleChange> done;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            if (!await db.JitOperations().AnyAsync(o => o.Id == operationId, ct)) return new RuleUndoResult(false, []);
            done = await db.JitRuleChanges().AsNoTracking().Where(r => r.OperationId == operationId && r.Status == JitRuleChangeStatus.Succeeded).ToListAsync(ct);
        }
        done = [.. done.OrderBy(c => c.Position)];
        if (dryRun) return new RuleUndoResult(true, done.Select(JitRuleChangeView.From).ToList());

        var results = new List<JitRuleChangeView>();
        foreach (var change in done)
        {
            var (restored, error) = await RestoreAsync(change, ct);
            var status = restored ? JitRuleChangeStatus.Restored : JitRuleChangeStatus.Succeeded;
            await SaveAsync(change.Id, status, error, ct);
            await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.NsgRuleRestored, $"{change.NsgId}/securityRules/{change.RuleName}",
                restored ? AuditOutcome.Succeeded : AuditOutcome.Failed, new { operationId, error, original = change.OriginalJson }), ct);
            change.Status = status;
            change.Error = error;
            results.Add(JitRuleChangeView.From(change));
        }
        return new RuleUndoResult(true, results);
    }

    private async Task<(bool, string?)> RestoreAsync(JitRuleChange change, CancellationToken ct)
    {
        try
        {
            var original = JsonNode.Parse(change.OriginalJson)!.AsObject();
            var current = await WithRetriesAsync(() => network.GetSecurityRuleJsonAsync(change.NsgId, change.RuleName, ct), ct);
            var expected = change.Action == RuleChangeAction.Delete ? null : RuleClosurePlanner.RewriteBody(original, change.PortsAfter);
            if (current is not null && !RuleClosurePlanner.SameRule(current, original)
                && (expected is null || !RuleClosurePlanner.SameRule(current, expected)))
                return (false, "RuleChanged: the rule was changed or re-created since; it was not overwritten.");
            await WithRetriesAsync(async () => { await network.PutSecurityRuleAndWaitAsync(change.NsgId, change.RuleName, RuleClosurePlanner.RestoreBody(original), ct); return true; }, ct);
            return (true, null);
        }
        catch (ArmRequestException ex) when (!ct.IsCancellationRequested)
        {
            return (false, PolicyWriter.Describe(ex));
        }
    }

    private async Task SaveAsync(long id, JitRuleChangeStatus status, string? error, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var stored = await db.JitRuleChanges().FirstAsync(r => r.Id == id, ct);
        stored.Status = status;
        stored.Error = error;
        stored.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Like the policy writer: the SDK already honoured Retry-After; a few more capped attempts for a bad patch.</summary>
    private async Task<T> WithRetriesAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && attempt < Math.Max(1, options.Value.MaxAttempts) && ArmRequestException.IsTransient(ex))
            {
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(20).Ticks));
            }
        }
    }
}
