using JitDashboard.Platform.Arm;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Runs queued operations server-side: the page may close, and after a restart items still Pending are resumed
/// from the database. Items are grouped by policy; policies run with bounded concurrency, one write each.
/// </summary>
public sealed partial class JitOperationRunner(
    IDbContextFactory<JitDbContext> factory,
    PolicyWriter writer,
    IAuditLog audit,
    IEstateService estate,
    JitOperationService service,
    RuleCloser rules,
    JitOperationSignal signal,
    IOptions<PoliciesOptions> options,
    TimeProvider time,
    ILogger<JitOperationRunner> logger) : BackgroundService
{
    // One database writer at a time: SQLite has one, and item updates are small.
    private readonly SemaphoreSlim _dbGate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // E.g. the database not migrated yet at start: try again at the next poll.
                LogRunnerFailed(logger, ex);
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
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
        JitOperation operation;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            operation = await db.JitOperations().Include(o => o.Items).FirstAsync(o => o.Id == id, ct);
            operation.Status = JitOperationStatus.Running;
            operation.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        service.Publish(JitOperationService.ToView(operation));
        var pending = operation.Items.Where(i => i.Status == JitOperationItemStatus.Pending).ToList();
        LogOperationStarted(logger, id, operation.Kind, pending.Count);

        var groups = pending.GroupBy(i => i.PolicyId, StringComparer.OrdinalIgnoreCase).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrency), CancellationToken = ct }, async (group, token) =>
        {
            var items = group.ToList();
            var key = JitPolicyId.Parse(group.Key);
            PolicyWriteResult result;
            if (key is null)
            {
                result = new PolicyWriteResult(new JitPolicyId("", "", ""), items.Select(i => new VmOutcome(i.MachineId, false, $"InvalidPolicyId: '{group.Key}'.")).ToList(), 0, 0, 0, 0);
            }
            else if (operation.Kind == JitOperationKind.Apply)
            {
                result = await writer.ApplyAsync(key, items.Select(i => new JitVirtualMachine { Id = i.MachineId, Ports = i.Ports }).ToList(), token);
            }
            else
            {
                result = await writer.RemoveAsync(key, items.Select(i => i.MachineId).ToList(), token);
            }
            await RecordAsync(operation, items, result, token);
        });

        // With JIT's deny rules in place, close the custom allow rules that would keep the ports open (opt-in).
        await rules.RunAsync(id, operation.RequestedBy, ct);

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var stored = await db.JitOperations().Include(o => o.Items).Include(o => o.RuleChanges).FirstAsync(o => o.Id == id, ct);
            var done = stored.Items.Where(i => i.Status != JitOperationItemStatus.Skipped).ToList();
            var succeeded = done.Count(i => i.Status == JitOperationItemStatus.Succeeded);
            stored.Status = done.Count == 0 ? (stored.Items.Count > 0 ? JitOperationStatus.Succeeded : JitOperationStatus.Failed)
                : succeeded == done.Count ? JitOperationStatus.Succeeded
                : succeeded == 0 ? JitOperationStatus.Failed
                : JitOperationStatus.PartiallySucceeded;
            stored.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            operation = stored;
        }
        LogOperationFinished(logger, id, operation.Status);

        // The Machines page shows the new JIT status; a failed refresh must not fail the operation.
        try
        {
            await estate.RefreshAfterChangeAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRefreshFailed(logger, ex);
        }
        service.Publish(JitOperationService.ToView(operation));
    }

    private async Task RecordAsync(JitOperation operation, List<JitOperationItem> items, PolicyWriteResult result, CancellationToken ct)
    {
        var outcomes = result.Vms.ToDictionary(v => v.MachineId, StringComparer.OrdinalIgnoreCase);
        var now = time.GetUtcNow();
        JitOperationView view;
        await _dbGate.WaitAsync(ct);
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var ids = items.Select(i => i.Id).ToList();
            var stored = await db.JitOperationItems().Where(i => ids.Contains(i.Id)).ToListAsync(ct);
            foreach (var item in stored)
            {
                var outcome = outcomes.GetValueOrDefault(item.MachineId) ?? new VmOutcome(item.MachineId, false, "NoResult: the write reported nothing for this VM.");
                item.Status = outcome.Succeeded ? JitOperationItemStatus.Succeeded : JitOperationItemStatus.Failed;
                item.Error = outcome.Error;
                item.Attempts += Math.Max(1, result.Attempts);
                item.UpdatedAt = now;
                // Keep the in-memory copy in step for the progress view.
                var local = items.First(i => i.Id == item.Id);
                local.Status = item.Status;
                local.Error = item.Error;
                local.Attempts = item.Attempts;
            }
            var op = await db.JitOperations().FirstAsync(o => o.Id == operation.Id, ct);
            op.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            view = JitOperationService.ToView(operation);
        }
        finally
        {
            _dbGate.Release();
        }

        foreach (var item in items)
        {
            await audit.AppendAsync(new AuditEntry(
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
                }), ct);
        }
        service.Publish(view);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "JIT operation runner failed; retrying at the next poll")]
    private static partial void LogRunnerFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "JIT operation {Id} ({Kind}) started with {Count} pending item(s)")]
    private static partial void LogOperationStarted(ILogger logger, Guid id, JitOperationKind kind, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "JIT operation {Id} finished: {Status}")]
    private static partial void LogOperationFinished(ILogger logger, Guid id, JitOperationStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate refresh after a JIT operation failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex);
}
