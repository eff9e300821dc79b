using JitDashboard.Features.Notifications;
using JitDashboard.Features.Audit;
using System.Globalization;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Access;

public interface IAccessService
{
    /// <summary>Validates against the VM's JIT policy, persists, audits; approves at once when an auto-approval rule matches.</summary>
    Task<AccessCreateResult> CreateAsync(AccessRequestInput input, AccessActor actor, string? detectedAddress, CancellationToken ct = default);

    Task<IReadOnlyList<AccessRequestView>> ListAsync(AccessRequestStatus? status = null, CancellationToken ct = default);

    Task<AccessRequestView?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Approver or Admin, never on one's own request; exactly one decision wins. Initiates when due.</summary>
    Task<AccessActionResult> ApproveAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    Task<AccessActionResult> DenyAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>The requester withdraws a pending request.</summary>
    Task<AccessActionResult> CancelAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>Ends a grant (or an approved scheduled window) early: the requester, an Approver or an Admin.</summary>
    Task<AccessActionResult> CloseAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default);

    /// <summary>The VM's JIT policy entry (ports, max durations, allowed sources); null when it has none.</summary>
    Task<JitVirtualMachine?> GetPolicyEntryAsync(string machineId, CancellationToken ct = default);

    /// <summary>Raised after every change of a request (any instance's worker changes are seen at its next poll).</summary>
    event Action<AccessRequestView>? Changed;
}

public sealed partial class AccessService(
    IDbContextFactory<JitDbContext> factory,
    IEstateService estate,
    SecurityClient security,
    AccessGrants grants,
    IAuditLog audit,
    INotifier notifier,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<AccessService> logger) : IAccessService, IAccessSummary
{
    public event Action<AccessRequestView>? Changed;

    internal void Publish(AccessRequest request) => Changed?.Invoke(AccessRequestView.From(request));

    public async Task<JitVirtualMachine?> GetPolicyEntryAsync(string machineId, CancellationToken ct = default)
    {
        var machine = FindMachine(machineId);
        if (machine is null || JitPolicyId.Parse(machine.Facts.JitPolicyId) is not { } key) return null;
        var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name, ct);
        return policy?.Properties.VirtualMachines.FirstOrDefault(v => string.Equals(v.Id, machine.Id, StringComparison.OrdinalIgnoreCase));
    }

    private EstateMachine? FindMachine(string? machineId) =>
        string.IsNullOrWhiteSpace(machineId) ? null
            : estate.Snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, machineId.Trim(), StringComparison.OrdinalIgnoreCase));

    public async Task<AccessCreateResult> CreateAsync(AccessRequestInput input, AccessActor actor, string? detectedAddress, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var machine = FindMachine(input.MachineId);
        if (!string.IsNullOrWhiteSpace(input.MachineId) && machine is null)
            return Invalid("machineId", $"Unknown virtual machine '{input.MachineId}'.");
        // A read-only subscription, or one without Defender's JIT, refuses the initiate: say so now, not after approval.
        if (machine?.Facts.JitWriteBlockedReason is { } blocked)
            return Invalid("machineId", $"Access cannot be requested for this VM now: {blocked}");
        JitVirtualMachine? policyVm = null;
        if (machine is not null)
        {
            try
            {
                policyVm = await GetPolicyEntryAsync(machine.Id, ct);
            }
            catch (ArmRequestException ex)
            {
                var failure = ex.Failure;
                return Invalid("machineId", $"The VM's JIT policy could not be read from Azure: {failure.Describe()} {failure.Fix}");
            }
        }

        var now = time.GetUtcNow();
        var (valid, errors) = AccessRequestValidator.Validate(input, policyVm, detectedAddress, now);
        if (valid is null) return new AccessCreateResult(null, errors);

        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            MachineId = machine!.Id,
            MachineName = machine.Name,
            ResourceGroup = machine.ResourceGroup,
            PolicyId = machine.Facts.JitPolicyId ?? "",
            Ports = [.. valid.Ports],
            Duration = valid.Duration,
            SourceAddressPrefix = valid.SourceAddressPrefix,
            Justification = valid.Justification,
            Ticket = valid.Ticket,
            ScheduledStart = valid.StartTime,
            RequestedBy = actor.Name,
            CreatedAt = now,
            Status = AccessRequestStatus.Pending,
            Version = Guid.NewGuid(),
        };

        var rule = await MatchAutoApprovalAsync(request, machine, actor, ct);
        if (rule is not null)
        {
            request.Status = AccessRequestStatus.Approved;
            request.AutoApproved = true;
            request.DecidedBy = $"auto-approval rule '{rule.Name}'";
            request.DecidedAt = now;
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.AccessRequests().Add(request);
            await db.SaveChangesAsync(ct);
        }
        await AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestFiled, request, AuditOutcome.Succeeded, ct: ct);
        await NotifyAsync(NotificationKind.AccessRequested, $"{request.RequestedBy} requested {PortsText(request)} on {request.MachineName}", request.Justification, request, ct);
        Publish(request);

        if (rule is not null)
        {
            await AuditAsync(request.DecidedBy!, AuditActorKind.Automation, AuditActions.AccessRequestAutoApproved, request, AuditOutcome.Succeeded, new { rule = rule.Name, ruleId = rule.Id }, ct);
            await NotifyAsync(NotificationKind.AccessDecided, $"{request.RequestedBy}'s request for {request.MachineName} was approved automatically", $"Rule '{rule.Name}'.", request, ct);
            await InitiateIfDueAsync(request, ct);
            return new AccessCreateResult(await GetAsync(request.Id, ct), new Dictionary<string, string[]>());
        }
        return new AccessCreateResult(AccessRequestView.From(request), new Dictionary<string, string[]>());
    }

    private async Task<AutoApprovalRule?> MatchAutoApprovalAsync(AccessRequest request, EstateMachine machine, AccessActor actor, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rules = await db.AutoApprovalRules().AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
        return rules.OrderBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(r => AutoApproval.Matches(r, request.Duration, machine.ResourceGroup, machine.Vm.Tags, actor.Roles));
    }

    public async Task<IReadOnlyList<AccessRequestView>> ListAsync(AccessRequestStatus? status = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.AccessRequests().AsNoTracking();
        if (status is { } s) query = query.Where(r => r.Status == s);
        // SQLite cannot order by DateTimeOffset: sort here (the list is bounded by what people file).
        var all = await query.ToListAsync(ct);
        return all.OrderByDescending(r => r.CreatedAt).Select(AccessRequestView.From).ToList();
    }

    public async Task<AccessRequestView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var request = await db.AccessRequests().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return request is null ? null : AccessRequestView.From(request);
    }

    public async Task<AccessSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = await db.AccessRequests().CountAsync(r => r.Status == AccessRequestStatus.Pending, cancellationToken);
        var active = await db.AccessRequests().CountAsync(r => r.Status == AccessRequestStatus.Active, cancellationToken);
        return new AccessSummary(pending, active);
    }

    public Task<AccessActionResult> ApproveAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) =>
        DecideAsync(id, actor, comment, approve: true, ct);

    public Task<AccessActionResult> DenyAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default) =>
        DecideAsync(id, actor, comment, approve: false, ct);

    private async Task<AccessActionResult> DecideAsync(Guid id, AccessActor actor, string? comment, bool approve, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await LoadAsync(id, ct);
        if (current is null) return AccessActionResult.NotFound(id);
        if (!actor.CanApprove)
            return new AccessActionResult(AccessActionOutcome.Forbidden, AccessRequestView.From(current), "Only an Approver or an Admin can decide access requests.");
        if (SamePerson(current.RequestedBy, actor.Name))
            return new AccessActionResult(AccessActionOutcome.Forbidden, AccessRequestView.From(current), "You cannot approve or deny your own request: another approver must decide it (four-eyes).");
        if (AccessRequestValidator.CommentProblem(comment) is { } problem)
            return new AccessActionResult(AccessActionOutcome.Invalid, AccessRequestView.From(current), problem);

        var now = time.GetUtcNow();
        var to = approve ? AccessRequestStatus.Approved : AccessRequestStatus.Denied;
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        int changed;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // The decision is one conditional UPDATE: of two approvers acting at once, exactly one finds it Pending.
            changed = await db.AccessRequests()
                .Where(r => r.Id == id && r.Status == AccessRequestStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, to)
                    .SetProperty(r => r.DecidedBy, actor.Name)
                    .SetProperty(r => r.DecidedAt, now)
                    .SetProperty(r => r.DecisionComment, text)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
        }
        var request = (await LoadAsync(id, ct))!;
        if (changed == 0) return AlreadyDecided(request);

        await AuditAsync(actor.Name, AuditActorKind.User, approve ? AuditActions.AccessRequestApproved : AuditActions.AccessRequestRejected, request, AuditOutcome.Succeeded, new { comment = text }, ct);
        await NotifyAsync(NotificationKind.AccessDecided,
            $"{actor.Name} {(approve ? "approved" : "denied")} {request.RequestedBy}'s request for {request.MachineName}",
            text ?? (approve ? "Approved." : "Denied."), request, ct);
        Publish(request);
        if (approve) await InitiateIfDueAsync(request, ct);
        return new AccessActionResult(AccessActionOutcome.Done, await GetAsync(id, ct));
    }

    public async Task<AccessActionResult> CancelAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await LoadAsync(id, ct);
        if (current is null) return AccessActionResult.NotFound(id);
        if (!SamePerson(current.RequestedBy, actor.Name))
            return new AccessActionResult(AccessActionOutcome.Forbidden, AccessRequestView.From(current), "Only the requester can cancel a request.");
        if (AccessRequestValidator.CommentProblem(comment) is { } problem)
            return new AccessActionResult(AccessActionOutcome.Invalid, AccessRequestView.From(current), problem);
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var now = time.GetUtcNow();
        int changed;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            changed = await db.AccessRequests()
                .Where(r => r.Id == id && r.Status == AccessRequestStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, AccessRequestStatus.Cancelled)
                    .SetProperty(r => r.EndedAt, now)
                    .SetProperty(r => r.DecisionComment, text)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
        }
        var request = (await LoadAsync(id, ct))!;
        if (changed == 0) return AlreadyDecided(request);
        await AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestCancelled, request, AuditOutcome.Cancelled, new { comment = text }, ct);
        Publish(request);
        return new AccessActionResult(AccessActionOutcome.Done, AccessRequestView.From(request));
    }

    public async Task<AccessActionResult> CloseAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await LoadAsync(id, ct);
        if (current is null) return AccessActionResult.NotFound(id);
        if (!SamePerson(current.RequestedBy, actor.Name) && !actor.CanApprove)
            return new AccessActionResult(AccessActionOutcome.Forbidden, AccessRequestView.From(current), "Only the requester, an Approver or an Admin can close a grant.");
        if (AccessRequestValidator.CommentProblem(comment) is { } problem)
            return new AccessActionResult(AccessActionOutcome.Invalid, AccessRequestView.From(current), problem);
        if (!AccessStateMachine.CanFire(current.Status, AccessTrigger.Close))
            return new AccessActionResult(AccessActionOutcome.Conflict, AccessRequestView.From(current), $"The request is {current.Status}: only an approved or active grant can be closed.");

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (current.Status == AccessRequestStatus.Active)
        {
            try
            {
                await grants.RemoveAllowRulesAsync(current, FindMachine(current.MachineId), ct);
            }
            catch (ArmRequestException ex)
            {
                await AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestClosed, current, AuditOutcome.Failed, new { error = ex.Message }, ct);
                return new AccessActionResult(AccessActionOutcome.Conflict, AccessRequestView.From(current), $"The allow rule could not be removed: {ex.Message}");
            }
        }
        var from = current.Status;
        var now = time.GetUtcNow();
        var claimFree = ClaimFreeBefore(now);
        int changed;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // An approved request being initiated right now (claimed) is not closed under the initiator's feet.
            changed = await db.AccessRequests()
                .Where(r => r.Id == id && r.Status == from && (from == AccessRequestStatus.Active || r.ClaimedUntilMs == null || r.ClaimedUntilMs < claimFree))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, AccessRequestStatus.Closed)
                    .SetProperty(r => r.EndedAt, now)
                    .SetProperty(r => r.ClosedBy, actor.Name)
                    .SetProperty(r => r.DecisionComment, text ?? current.DecisionComment)
                    .SetProperty(r => r.Version, Guid.NewGuid()), ct);
        }
        var request = (await LoadAsync(id, ct))!;
        if (changed == 0)
            return new AccessActionResult(AccessActionOutcome.Conflict, AccessRequestView.From(request), $"The request changed meanwhile and is now {request.Status}.");
        await AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestClosed, request, AuditOutcome.Succeeded, new { comment = text, from = from.ToString() }, ct);
        await NotifyAsync(NotificationKind.AccessExpired, $"{actor.Name} closed {request.RequestedBy}'s access to {request.MachineName}", "Closed early.", request, ct);
        Publish(request);
        return new AccessActionResult(AccessActionOutcome.Done, AccessRequestView.From(request));
    }

    private static long ClaimFreeBefore(DateTimeOffset now) => now.ToUnixTimeMilliseconds();

    private static AccessActionResult AlreadyDecided(AccessRequest request)
    {
        var by = request.DecidedBy ?? request.ClosedBy;
        var message = request.Status switch
        {
            AccessRequestStatus.Cancelled => "The requester has already cancelled this request.",
            AccessRequestStatus.TimedOut => "This request expired unanswered.",
            _ => $"This request has already been decided: it is {request.Status}{(by is null ? "" : $" ({by})")}.",
        };
        return new AccessActionResult(AccessActionOutcome.Conflict, AccessRequestView.From(request), message);
    }

    private static bool SamePerson(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private async Task<AccessRequest?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AccessRequests().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    /// <summary>Approved and due (no scheduled start, or it has come): initiate now rather than at the worker's next poll.</summary>
    private async Task InitiateIfDueAsync(AccessRequest request, CancellationToken ct)
    {
        if (request.ScheduledStart is { } start && start > time.GetUtcNow()) return;
        try
        {
            // The caller's cancellation (a closed browser tab) must not abandon an initiate half-way; the worker would resume it anyway.
            await InitiateAsync(request.Id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogInitiateDeferred(logger, request.Id, ex);
        }
    }

    // ------------------------------------------------------------------ worker side

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
        var request = (await LoadAsync(id, ct))!;
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
        var updated = (await LoadAsync(request.Id, ct))!;
        switch (to)
        {
            case AccessRequestStatus.Active:
                await AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestInitiated, updated, AuditOutcome.Succeeded, new { endsAt = updated.EndsAt }, ct);
                await NotifyAsync(NotificationKind.AccessActive, $"{updated.RequestedBy} has {PortsText(updated)} open on {updated.MachineName}",
                    $"From {updated.SourceAddressPrefix} until {updated.EndsAt:u}.", updated, ct);
                break;
            case AccessRequestStatus.Failed:
                await AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestFailed, updated, AuditOutcome.Failed, new { error }, ct);
                await NotifyAsync(NotificationKind.AccessDecided, $"Access for {updated.RequestedBy} to {updated.MachineName} failed", error ?? "", updated, ct);
                break;
            case AccessRequestStatus.Expired:
                await AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestExpired, updated, AuditOutcome.Succeeded, ct: ct);
                await NotifyAsync(NotificationKind.AccessExpired, $"{updated.RequestedBy}'s access to {updated.MachineName} expired", "The port is closed again.", updated, ct);
                break;
            case AccessRequestStatus.Closed:
                await AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestClosed, updated, AuditOutcome.Succeeded, new { reason = closedBy }, ct);
                await NotifyAsync(NotificationKind.AccessExpired, $"{updated.RequestedBy}'s access to {updated.MachineName} ended", closedBy ?? "Closed.", updated, ct);
                break;
            case AccessRequestStatus.TimedOut:
                await AuditAsync("system", AuditActorKind.System, AuditActions.AccessRequestTimedOut, updated, AuditOutcome.Cancelled, ct: ct);
                await NotifyAsync(NotificationKind.AccessDecided, $"{updated.RequestedBy}'s request for {updated.MachineName} expired unanswered", "Nobody decided in time.", updated, ct);
                break;
        }
        Publish(updated);
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
            await NotifyAsync(NotificationKind.AccessExpiring, $"{r.RequestedBy}'s access to {r.MachineName} ends at {r.EndsAt:HH:mm} UTC",
                $"{PortsText(r)} from {r.SourceAddressPrefix}; request an extension if you need more time.", r, ct);
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

    private async Task AuditAsync(string actor, AuditActorKind kind, string action, AccessRequest request, AuditOutcome outcome, object? extra = null, CancellationToken ct = default)
    {
        var details = new Dictionary<string, object?>
        {
            ["requestId"] = request.Id,
            ["machine"] = request.MachineName,
            ["ports"] = request.Ports,
            ["duration"] = System.Xml.XmlConvert.ToString(request.Duration),
            ["source"] = request.SourceAddressPrefix,
            ["requestedBy"] = request.RequestedBy,
            ["status"] = request.Status.ToString(),
        };
        if (request.Ticket is not null) details["ticket"] = request.Ticket;
        if (extra is not null) details["detail"] = extra;
        try
        {
            await audit.AppendAsync(new AuditEntry(actor, kind, action, request.MachineId, outcome, details), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAuditFailed(logger, action, request.Id, ex);
            throw;
        }
    }

    private async Task NotifyAsync(NotificationKind kind, string title, string summary, AccessRequest r, CancellationToken ct)
    {
        var facts = new Dictionary<string, string>
        {
            ["VM"] = r.MachineName,
            ["Ports"] = string.Join(", ", r.Ports),
            ["Duration"] = AccessRequestValidator.Describe(r.Duration),
            ["Source"] = r.SourceAddressPrefix,
            ["Requested by"] = r.RequestedBy,
            ["Status"] = r.Status.ToString(),
        };
        if (r.DecidedBy is not null) facts["Decided by"] = r.DecidedBy;
        if (r.Ticket is not null) facts["Ticket"] = r.Ticket;
        if (r.EndsAt is { } end) facts["Until"] = end.ToString("u", CultureInfo.InvariantCulture);
        try
        {
            await notifier.PublishAsync(new NotificationEvent(kind, title, summary, facts, AccessRequestPage.LinkFor(r.Id), time.GetUtcNow()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Notifications never block the workflow.
            LogNotifyFailed(logger, kind, ex);
        }
    }

    private static string PortsText(AccessRequest r) => r.Ports.Count == 1 ? $"port {r.Ports[0]}" : $"ports {string.Join(", ", r.Ports)}";

    private static AccessCreateResult Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access request {Id}: initiate deferred to the worker")]
    private static partial void LogInitiateDeferred(ILogger logger, Guid id, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access request {Id}: initiate attempt {Attempt} failed transiently: {Message}")]
    private static partial void LogInitiateRetry(ILogger logger, Guid id, int attempt, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access: reading JIT policy {PolicyId} failed: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string policyId, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Access: audit append {Action} for {Id} failed")]
    private static partial void LogAuditFailed(ILogger logger, string action, Guid id, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access: notification {Kind} failed")]
    private static partial void LogNotifyFailed(ILogger logger, NotificationKind kind, Exception ex);
}
