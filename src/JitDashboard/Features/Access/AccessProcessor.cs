using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Access;

/// <summary>
/// The worker side of access, the only code that initiates JIT: approved requests that are due (at once, on a scheduled
/// start, or after a restart interrupted them), expiry warnings, expiries and unanswered requests. Driven by
/// <see cref="AccessRunner"/>; everything it needs is in the database, so a restart resumes where it stopped.
/// </summary>
public sealed partial class AccessProcessor(
    IDbContextFactory<JitDbContext> factory,
    AccessGrants grants,
    AccessEvents events,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<AccessProcessor> logger)
{
    /// <summary>
    /// Initiates JIT for an approved request, at most once: a conditional claim lets one caller through, and the policy's
    /// <c>requests</c> are read first so a request initiated before a crash is recognised rather than initiated again.
    /// </summary>
    public async Task InitiateAsync(Guid id, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var claimUntil = (now + o.ClaimTimeout).ToUnixTimeMilliseconds();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var claimed = await db.AccessRequests()
                .Where(r => r.Id == id && r.Status == AccessRequestStatus.Approved && (r.ClaimedUntilMs == null || r.ClaimedUntilMs < nowMs))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.ClaimedUntilMs, claimUntil)
                    .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
            if (claimed == 0) return;
        }
        var request = (await factory.LoadAccessRequestAsync(id, ct))!;
        var start = request.ScheduledStart ?? now;
        var end = start + request.Duration;
        if (end <= now)
        {
            await FinishAsync(request, AccessTrigger.Fail, null, null, "The requested window passed before access could be initiated.", ct);
            return;
        }

        GrantOutcome outcome;
        try
        {
            outcome = await grants.InitiateAsync(request, end, ct);
        }
        // A network timeout is transient too (the gateway reports it as status 0), and must not leave the request parked
        // under its claim until the claim timeout.
        catch (ArmRequestException ex) when (ex.Failure.IsTransient)
        {
            if (request.Attempts >= o.MaxInitiateAttempts)
            {
                await FinishAsync(request, AccessTrigger.Fail, null, null, $"Azure did not accept the request after {request.Attempts} attempts: {Message(ex)}", ct);
            }
            else
            {
                // Leave it Approved; the worker tries again once the short back-off claim lapses.
                var retryAt = (time.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(30, 2 * request.Attempts))).ToUnixTimeMilliseconds();
                await using var db = await factory.CreateDbContextAsync(ct);
                await db.AccessRequests().Where(r => r.Id == id && r.Status == AccessRequestStatus.Approved)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntilMs, retryAt).SetProperty(r => r.Error, Message(ex)), ct);
                LogInitiateRetry(logger, id, request.Attempts, ex.Message);
            }
            return;
        }
        catch (ArmRequestException ex)
        {
            await FinishAsync(request, AccessTrigger.Fail, null, null, Message(ex), ct);
            return;
        }

        await FinishAsync(request, AccessTrigger.Activate, outcome.StartedAt, outcome.EndsAt, null, ct);
    }

    private static string Message(Exception ex) => ex switch
    {
        ArmRequestException { Status: 0 } arm => $"{arm.ErrorCode}: {arm.ArmMessage}",
        ArmRequestException arm => $"{arm.Status} {arm.ErrorCode}: {arm.ArmMessage}",
        _ => ex.Message,
    };


    /// <summary>Applies a worker-side transition with a conditional update, then audits and notifies.</summary>
    private async Task FinishAsync(AccessRequest request, AccessTrigger trigger, DateTimeOffset? startedAt, DateTimeOffset? endsAt, string? error, CancellationToken ct, string? closedBy = null)
    {
        var to = AccessStateMachine.Next(request.Status, trigger) ?? throw new InvalidOperationException($"{trigger} does not apply to a {request.Status} request.");
        var from = request.Status;
        var now = time.GetUtcNow();
        DateTimeOffset? endedAt = to == AccessRequestStatus.Active ? null : now;
        int changed;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            changed = await db.AccessRequests()
                .Where(r => r.Id == request.Id && r.Status == from)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, to)
                    .SetProperty(r => r.StartedAt, r => startedAt ?? r.StartedAt)
                    .SetProperty(r => r.EndsAt, r => endsAt ?? r.EndsAt)
                    .SetProperty(r => r.EndedAt, r => endedAt ?? r.EndedAt)
                    .SetProperty(r => r.Error, error)
                    .SetProperty(r => r.ClosedBy, r => closedBy ?? r.ClosedBy)
                    .SetProperty(r => r.ClaimedUntilMs, (long?)null)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
        }
        if (changed == 0) return;
        var updated = (await factory.LoadAccessRequestAsync(request.Id, ct))!;
        switch (to)
        {
            case AccessRequestStatus.Active:
                await events.AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestInitiated, updated, AuditOutcome.Succeeded, new { endsAt = updated.EndsAt }, ct);
                await events.NotifyAsync(NotificationKind.AccessActive, $"{updated.RequestedBy} has {AccessEvents.PortsText(updated)} open on {updated.MachineName}",
                    $"From {updated.SourceAddressPrefix} until {updated.EndsAt:u}.", updated, ct);
                break;
            case AccessRequestStatus.Failed:
                await events.AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestFailed, updated, AuditOutcome.Failed, new { error }, ct);
                await events.NotifyAsync(NotificationKind.AccessDecided, $"Access for {updated.RequestedBy} to {updated.MachineName} failed", error ?? "", updated, ct);
                break;
            case AccessRequestStatus.Expired:
                await events.AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestExpired, updated, AuditOutcome.Succeeded, ct: ct);
                await events.NotifyAsync(NotificationKind.AccessExpired, $"{updated.RequestedBy}'s access to {updated.MachineName} expired", "The port is closed again.", updated, ct);
                break;
            case AccessRequestStatus.Closed:
                await events.AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestClosed, updated, AuditOutcome.Succeeded, new { reason = closedBy }, ct);
                await events.NotifyAsync(NotificationKind.AccessExpired, $"{updated.RequestedBy}'s access to {updated.MachineName} ended", closedBy ?? "Closed.", updated, ct);
                break;
            case AccessRequestStatus.TimedOut:
                await events.AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestTimedOut, updated, AuditOutcome.Cancelled, ct: ct);
                await events.NotifyAsync(NotificationKind.AccessDecided, $"{updated.RequestedBy}'s request for {updated.MachineName} expired unanswered", "Nobody decided in time.", updated, ct);
                break;
        }
        events.Publish(updated);
    }

    /// <summary>One pass of the worker: pending expiry, due initiates (scheduled, or interrupted by a restart), warnings, expiries.</summary>
    public async Task ProcessDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        List<AccessRequest> open;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            open = await db.AccessRequests().AsNoTracking()
                .Where(r => r.Status == AccessRequestStatus.Pending || r.Status == AccessRequestStatus.Approved || r.Status == AccessRequestStatus.Active)
                .ToListAsync(ct);
        }

        foreach (var r in open.Where(r => r.Status == AccessRequestStatus.Pending && r.CreatedAt + o.PendingExpiry <= now))
            await FinishAsync(r, AccessTrigger.TimeOut, null, null, null, ct);

        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var r in open.Where(r => r.Status == AccessRequestStatus.Approved && (r.ScheduledStart is null || r.ScheduledStart <= now) && (r.ClaimedUntilMs is null || r.ClaimedUntilMs < nowMs)))
        {
            try
            {
                await InitiateAsync(r.Id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogInitiateDeferred(logger, r.Id, ex);
            }
        }

        var active = open.Where(r => r.Status == AccessRequestStatus.Active).ToList();
        foreach (var r in active.Where(r => !r.ExpiryWarned && r.EndsAt is { } end && end - o.ExpiryWarning <= now && end > now))
        {
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                if (await db.AccessRequests().Where(x => x.Id == r.Id && !x.ExpiryWarned).ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiryWarned, true), ct) == 0)
                    continue;
            }
            await events.NotifyAsync(NotificationKind.AccessExpiring, $"{r.RequestedBy}'s access to {r.MachineName} ends at {r.EndsAt:HH:mm} UTC",
                $"{AccessEvents.PortsText(r)} from {r.SourceAddressPrefix}; request an extension if you need more time.", r, ct);
        }

        // Expiry: by our clock, or as Azure (or the simulator, whose clock may run ahead) reports it in the policy's requests.
        foreach (var r in active.Where(r => r.EndsAt is { } end && end <= now))
            await FinishAsync(r, AccessTrigger.Expire, null, null, null, ct);
        var stillActive = active.Where(r => r.EndsAt is not { } end || end > now).ToList();
        foreach (var group in stillActive.GroupBy(r => r.PolicyId, StringComparer.OrdinalIgnoreCase))
        {
            IReadOnlyDictionary<Guid, GrantState> states;
            try
            {
                states = await grants.ReadStatesAsync(group.Key, group.ToList(), ct);
            }
            catch (ArmRequestException ex)
            {
                LogSyncFailed(logger, group.Key, ex.Message);
                continue;
            }
            foreach (var r in group)
            {
                if (!states.TryGetValue(r.Id, out var state)) continue;
                if (state == GrantState.Expired)
                    await FinishAsync(r, AccessTrigger.Expire, null, null, null, ct);
                else if (state == GrantState.Superseded)
                    await FinishAsync(r, AccessTrigger.Close, null, null, null, ct, closedBy: "superseded by a newer JIT request for the same port");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access request {Id}: initiate deferred to the next pass")]
    private static partial void LogInitiateDeferred(ILogger logger, Guid id, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access request {Id}: initiate attempt {Attempt} failed transiently: {Message}")]
    private static partial void LogInitiateRetry(ILogger logger, Guid id, int attempt, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access: reading JIT policy {PolicyId} failed: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string policyId, string message);
}
