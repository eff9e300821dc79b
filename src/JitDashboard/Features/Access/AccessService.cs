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
using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Access;

/// <summary>
/// What people do with access requests (file, decide, cancel, close, read), with the authorisation and validation the
/// UI and the API share. Initiating JIT is the worker's (<see cref="AccessProcessor"/>): an approval wakes it.
/// </summary>
public sealed class AccessService(
    IDbContextFactory<JitDbContext> factory,
    IEstateService estate,
    SecurityClient security,
    AccessGrants grants,
    AccessEvents events,
    WorkSignal<AccessRunner> worker,
    TimeProvider time) : IAccessService, IAccessSummary
{
    public event Action<AccessRequestView>? Changed
    {
        add => events.Changed += value;
        remove => events.Changed -= value;
    }

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
        // Checked here, not only by the API's policy or the button's visibility: every caller gets the same answer.
        if (!actor.CanRequest)
            return AccessCreateResult.Forbidden("Only an Operator or an Admin can request access.");
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
        await events.AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestFiled, request, AuditOutcome.Succeeded, ct: ct);
        await events.NotifyAsync(NotificationKind.AccessRequested, $"{request.RequestedBy} requested {AccessEvents.PortsText(request)} on {request.MachineName}", request.Justification, request, ct);
        events.Publish(request);

        if (rule is not null)
        {
            await events.AuditAsync(request.DecidedBy!, AuditActorKind.Automation, AuditActions.AccessRequestAutoApproved, request, AuditOutcome.Succeeded, new { rule = rule.Name, ruleId = rule.Id }, ct);
            await events.NotifyAsync(NotificationKind.AccessDecided, $"{request.RequestedBy}'s request for {request.MachineName} was approved automatically", $"Rule '{rule.Name}'.", request, ct);
            worker.Notify();
            return new AccessCreateResult(AccessRequestView.From(request), new Dictionary<string, string[]>());
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
        var current = await factory.LoadAccessRequestAsync(id, ct);
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
        var request = (await factory.LoadAccessRequestAsync(id, ct))!;
        if (changed == 0) return AlreadyDecided(request);

        await events.AuditAsync(actor.Name, AuditActorKind.User, approve ? AuditActions.AccessRequestApproved : AuditActions.AccessRequestRejected, request, AuditOutcome.Succeeded, new { comment = text }, ct);
        await events.NotifyAsync(NotificationKind.AccessDecided,
            $"{actor.Name} {(approve ? "approved" : "denied")} {request.RequestedBy}'s request for {request.MachineName}",
            text ?? (approve ? "Approved." : "Denied."), request, ct);
        events.Publish(request);
        if (approve) worker.Notify();
        return new AccessActionResult(AccessActionOutcome.Done, AccessRequestView.From(request));
    }

    public async Task<AccessActionResult> CancelAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await factory.LoadAccessRequestAsync(id, ct);
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
        var request = (await factory.LoadAccessRequestAsync(id, ct))!;
        if (changed == 0) return AlreadyDecided(request);
        await events.AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestCancelled, request, AuditOutcome.Cancelled, new { comment = text }, ct);
        events.Publish(request);
        return new AccessActionResult(AccessActionOutcome.Done, AccessRequestView.From(request));
    }

    public async Task<AccessActionResult> CloseAsync(Guid id, AccessActor actor, string? comment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var current = await factory.LoadAccessRequestAsync(id, ct);
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
                await events.AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestClosed, current, AuditOutcome.Failed, new { error = ex.Message }, ct);
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
        var request = (await factory.LoadAccessRequestAsync(id, ct))!;
        if (changed == 0)
            return new AccessActionResult(AccessActionOutcome.Conflict, AccessRequestView.From(request), $"The request changed meanwhile and is now {request.Status}.");
        await events.AuditAsync(actor.Name, AuditActorKind.User, AuditActions.AccessRequestClosed, request, AuditOutcome.Succeeded, new { comment = text, from = from.ToString() }, ct);
        await events.NotifyAsync(NotificationKind.AccessExpired, $"{actor.Name} closed {request.RequestedBy}'s access to {request.MachineName}", "Closed early.", request, ct);
        events.Publish(request);
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

    private static AccessCreateResult Invalid(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });





}
