using System.Collections.Concurrent;
using JitDashboard.Platform.Arm;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Telemetry;
using JitDashboard.Platform.Work;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Runs queued operations server-side (a <see cref="BackgroundWorker"/>, woken when one is queued): the page may close,
/// and after a restart items still Pending are resumed from the database (they are stored before any write). Items
/// are grouped by policy; policies run with bounded concurrency, one read and one write each; outcomes are recorded
/// and audited in batches; the operation is reported finished before the targeted refresh of the policies written.
/// </summary>
public sealed partial class JitOperationRunner(
    IDbContextFactory<JitDbContext> factory,
    PolicyWriter writer,
    IAuditLog audit,
    EstateRefreshCoordinator coordinator,
    JitOperationService service,
    RuleCloser rules,
    WorkSignal<JitOperationRunner> signal,
    WorkerRegistry registry,
    IOptions<PoliciesOptions> options,
    TimeProvider time,
    ILogger<JitOperationRunner> logger) : BackgroundWorker(registry, time, logger, signal)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        await RunPendingAsync(ct);
        return null;
    }

    /// <summary>Runs every Pending or Running operation to the end (Running ones were interrupted by a restart).</summary>
    public async Task RunPendingAsync(CancellationToken ct)
    {
        while (true)
        {
            Guid? next;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                next = await db.JitOperations().AsNoTracking()
                    .Where(o => o.Status == JitOperationStatus.Pending || o.Status == JitOperationStatus.Running)
                    .OrderBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            }
            if (next is not { } id) return;
            await RunAsync(id, ct);
        }
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        using var run = DashboardTelemetry.Source.StartActivity("jit.run");
        JitOperation operation;
        using (DashboardTelemetry.Source.StartActivity("jit.run.load"))
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            operation = await db.JitOperations().AsNoTracking().Include(o => o.Items).Include(o => o.RuleChanges).FirstAsync(o => o.Id == id, ct);
            operation.Status = JitOperationStatus.Running;
            operation.UpdatedAt = Time.GetUtcNow();
            await db.JitOperations().Where(o => o.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, operation.Status).SetProperty(o => o.UpdatedAt, operation.UpdatedAt), ct);
        }
        service.Publish(JitOperationService.ToView(operation));
        var pending = operation.Items.Where(i => i.Status == JitOperationItemStatus.Pending).ToList();
        LogOperationStarted(Logger, id, operation.Kind, pending.Count);

        var answered = await WriteAllAsync(operation, pending, ct);

        // With JIT's deny rules in place, close the custom allow rules that would keep the ports open (opt-in).
        var hasRuleChanges = operation.RuleChanges.Count > 0;
        using (DashboardTelemetry.Source.StartActivity("jit.run.rules"))
            await rules.RunAsync(id, operation.RequestedBy, ct);

        JitOperationView view;
        using (DashboardTelemetry.Source.StartActivity("jit.run.finish"))
        {
            var done = operation.Items.Where(i => i.Status != JitOperationItemStatus.Skipped).ToList();
            var succeeded = done.Count(i => i.Status == JitOperationItemStatus.Succeeded);
            operation.Status = done.Count == 0 ? (operation.Items.Count > 0 ? JitOperationStatus.Succeeded : JitOperationStatus.Failed)
                : succeeded == done.Count ? JitOperationStatus.Succeeded
                : succeeded == 0 ? JitOperationStatus.Failed
                : JitOperationStatus.PartiallySucceeded;
            operation.UpdatedAt = Time.GetUtcNow();
            await using var db = await factory.CreateDbContextAsync(ct);
            await db.JitOperations().Where(o => o.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, operation.Status).SetProperty(o => o.UpdatedAt, operation.UpdatedAt), ct);
            // The rule changes were written by the closer: read them back only when there are some.
            view = hasRuleChanges ? await service.GetAsync(id, ct) ?? JitOperationService.ToView(operation) : JitOperationService.ToView(operation);
        }
        LogOperationFinished(Logger, id, operation.Status);
        // Every VM is reported now: the dialog and the API say so, and the Machines page shows the policies as ARM
        // answered the writes, before the refresh below has read them and the NSGs back.
        service.Publish(view);
        coordinator.ApplyWritten(answered);

        // The Machines page shows the new JIT status; a failed refresh must not fail the operation.
        using (DashboardTelemetry.Source.StartActivity("jit.run.refresh"))
        {
            try
            {
                // What was written: the policies (the coordinator re-reads the NSGs of their VMs, where Defender
                // wrote the deny rules). The VMs themselves did not change.
                await coordinator.RefreshNowAsync(operation.Items.Where(i => i.Status != JitOperationItemStatus.Skipped && i.PolicyId.Length > 0)
                    .Select(i => i.PolicyId).Distinct(StringComparer.OrdinalIgnoreCase), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(Logger, ex);
            }
        }
    }

    /// <summary>
    /// Writes the pending items' policies, <see cref="PoliciesOptions.MaxConcurrency"/> at once (the writer keeps each
    /// subscription within its share and ARM's write bucket), while one recorder persists and audits the outcomes in
    /// batches: whatever finished while the last batch was being saved goes in the next.
    /// </summary>
    /// Returns the policies as ARM answered the writes (by id).
    private async Task<IReadOnlyList<JitNetworkAccessPolicy>> WriteAllAsync(JitOperation operation, List<JitOperationItem> pending, CancellationToken ct)
    {
        var answered = new ConcurrentBag<JitNetworkAccessPolicy>();
        // Subscriptions take turns in the queue, so one subscription's waits for its share do not hold up another's.
        var groups = pending.GroupBy(i => i.PolicyId, StringComparer.OrdinalIgnoreCase)
            .GroupBy(g => JitPolicyId.Parse(g.Key)?.SubscriptionId ?? "", StringComparer.OrdinalIgnoreCase)
            .SelectMany(bySubscription => bySubscription.Select((group, turn) => (group, turn)))
            .OrderBy(x => x.turn).Select(x => x.group).ToList();
        var outcomes = Channel.CreateUnbounded<(List<JitOperationItem> Items, PolicyWriteResult Result)>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var recorder = RecordAllAsync(operation, outcomes.Reader, stop, ct);
        try
        {
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrency), CancellationToken = stop.Token }, async (group, token) =>
            {
                var items = group.ToList();
                var key = JitPolicyId.Parse(group.Key);
                PolicyWriteResult result;
                using (DashboardTelemetry.Source.StartActivity("jit.run.policy-write"))
                {
                    if (key is null)
                        result = new PolicyWriteResult(new JitPolicyId("", "", ""), items.Select(i => new VmOutcome(i.MachineId, false, $"InvalidPolicyId: '{group.Key}'.")).ToList(), 0, 0, 0);
                    else if (operation.Kind == JitOperationKind.Apply)
                        result = await writer.ApplyAsync(key, items.Select(i => new JitVirtualMachine { Id = i.MachineId, Ports = i.Ports }).ToList(), token);
                    else
                        result = await writer.RemoveAsync(key, items.Select(i => i.MachineId).ToList(), token);
                }
                if (result.Answered is { Id.Length: > 0 } policy)
                    answered.Add(policy);
                outcomes.Writer.TryWrite((items, result));
            });
        }
        finally
        {
            outcomes.Writer.TryComplete();
            // Whatever was written is recorded before the run goes on (or, on shutdown, stops).
            await recorder;
        }
        return [.. answered];
    }

    private async Task RecordAllAsync(JitOperation operation, ChannelReader<(List<JitOperationItem> Items, PolicyWriteResult Result)> outcomes, CancellationTokenSource stop, CancellationToken ct)
    {
        try
        {
            while (await outcomes.WaitToReadAsync(ct))
            {
                var batch = new List<(List<JitOperationItem> Items, PolicyWriteResult Result)>();
                while (outcomes.TryRead(out var outcome)) batch.Add(outcome);
                await RecordAsync(operation, batch, ct);
            }
        }
        catch
        {
            // The writes stop too: nothing is written that could not be recorded (the items stay Pending and resume).
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>One batch: every item's outcome in one transaction (one UPDATE per distinct outcome), then one audit append.</summary>
    private async Task RecordAsync(JitOperation operation, List<(List<JitOperationItem> Items, PolicyWriteResult Result)> batch, CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        var recorded = new List<JitOperationItem>();
        using (DashboardTelemetry.Source.StartActivity("jit.run.record"))
        {
            foreach (var (items, result) in batch)
            {
                var outcomes = result.Vms.ToDictionary(v => v.MachineId, StringComparer.OrdinalIgnoreCase);
                foreach (var item in items)
                {
                    var outcome = outcomes.GetValueOrDefault(item.MachineId) ?? new VmOutcome(item.MachineId, false, "NoResult: the write reported nothing for this VM.");
                    item.Status = outcome.Succeeded ? JitOperationItemStatus.Succeeded : JitOperationItemStatus.Failed;
                    item.Error = outcome.Error;
                    item.Attempts += Math.Max(1, result.Attempts);
                    item.UpdatedAt = now;
                    recorded.Add(item);
                }
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var same in recorded.GroupBy(i => (i.Status, i.Error, i.Attempts)))
            {
                var ids = same.Select(i => i.Id).ToList();
                var (status, error, attempts) = same.Key;
                await db.JitOperationItems().Where(i => ids.Contains(i.Id)).ExecuteUpdateAsync(u => u
                    .SetProperty(i => i.Status, status).SetProperty(i => i.Error, error)
                    .SetProperty(i => i.Attempts, attempts).SetProperty(i => i.UpdatedAt, now), ct);
            }
            operation.UpdatedAt = now;
            await db.JitOperations().Where(o => o.Id == operation.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.UpdatedAt, now), ct);
            await tx.CommitAsync(ct);
        }

        using (DashboardTelemetry.Source.StartActivity("jit.run.audit"))
        {
            await audit.AppendManyAsync([.. recorded.Select(item => new AuditEntry(
                operation.RequestedBy,
                AuditActorKind.User,
                operation.Kind == JitOperationKind.Apply ? AuditActions.JitPolicyApplied : AuditActions.JitPolicyRemoved,
                item.MachineId,
                item.Status == JitOperationItemStatus.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                new
                {
                    policyId = item.PolicyId,
                    ports = item.Ports.Select(p => p.Number).ToList(),
                    operationId = operation.Id,
                    error = item.Error,
                }))], ct);
        }
        service.Publish(JitOperationService.ToView(operation));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "JIT operation {Id} ({Kind}) started with {Count} pending item(s)")]
    private static partial void LogOperationStarted(ILogger logger, Guid id, JitOperationKind kind, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "JIT operation {Id} finished: {Status}")]
    private static partial void LogOperationFinished(ILogger logger, Guid id, JitOperationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate refresh after a JIT operation failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
