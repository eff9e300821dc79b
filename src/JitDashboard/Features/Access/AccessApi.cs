using System.Security.Claims;
using System.Text.Json.Serialization;
using JitDashboard.Data;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Policies;
using JitDashboard.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

/// <summary>Body of <c>POST /api/v1/access-requests</c>.</summary>
public sealed record AccessRequestBody(
    [property: JsonPropertyName("machineId")] string? MachineId,
    [property: JsonPropertyName("ports")] IReadOnlyList<int>? Ports,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("sourceAddressPrefix")] string? SourceAddressPrefix,
    [property: JsonPropertyName("justification")] string? Justification,
    [property: JsonPropertyName("ticket")] string? Ticket,
    [property: JsonPropertyName("startTime")] DateTimeOffset? StartTime);

/// <summary>Body of approve/deny/cancel/close.</summary>
public sealed record AccessDecisionBody([property: JsonPropertyName("comment")] string? Comment);

public sealed record AccessRequestCreated([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("status")] AccessRequestStatus Status);

public static class AccessApi
{
    public static RouteGroupBuilder MapAccessEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var requests = v1.MapGroup("/access-requests").WithTags("Access");
        requests.MapPost("/", CreateAsync).RequireAuthorization(AppPolicies.Operate).WithName("CreateAccessRequest")
            .WithSummary("Requests timed access to ports of a VM (Operator or Admin). The source defaults to the caller's own address.");
        requests.MapGet("/", ListAsync).RequireAuthorization(AppPolicies.Read).WithName("ListAccessRequests")
            .WithSummary("Access requests, newest first; ?status=Pending|Approved|Active|Expired|Denied|Cancelled|Failed|Closed|TimedOut.");
        requests.MapGet("/{id:guid}", GetAsync).RequireAuthorization(AppPolicies.Read).WithName("GetAccessRequest");
        requests.MapPost("/{id:guid}/approve", (Guid id, AccessDecisionBody? body, IAccessService s, ClaimsPrincipal u, CancellationToken ct) =>
                ActAsync(s.ApproveAsync(id, ActorOf(u), body?.Comment, ct)))
            .RequireAuthorization(AppPolicies.Approve).WithName("ApproveAccessRequest").WithSummary("Approver or Admin; never one's own request (403).");
        requests.MapPost("/{id:guid}/deny", (Guid id, AccessDecisionBody? body, IAccessService s, ClaimsPrincipal u, CancellationToken ct) =>
                ActAsync(s.DenyAsync(id, ActorOf(u), body?.Comment, ct)))
            .RequireAuthorization(AppPolicies.Approve).WithName("DenyAccessRequest");
        requests.MapPost("/{id:guid}/cancel", (Guid id, AccessDecisionBody? body, IAccessService s, ClaimsPrincipal u, CancellationToken ct) =>
                ActAsync(s.CancelAsync(id, ActorOf(u), body?.Comment, ct)))
            .RequireAuthorization(AppPolicies.Operate).WithName("CancelAccessRequest").WithSummary("The requester withdraws a pending request.");
        requests.MapPost("/{id:guid}/close", (Guid id, AccessDecisionBody? body, IAccessService s, ClaimsPrincipal u, CancellationToken ct) =>
                ActAsync(s.CloseAsync(id, ActorOf(u), body?.Comment, ct)))
            .RequireAuthorization(AppPolicies.Read).WithName("CloseAccessRequest").WithSummary("Ends a grant now: the requester, an Approver or an Admin.");

        var rules = v1.MapGroup("/access-auto-approval-rules").WithTags("Access").RequireAuthorization(AppPolicies.Administer);
        rules.MapGet("/", ListRulesAsync).WithName("ListAutoApprovalRules");
        rules.MapPost("/", CreateRuleAsync).WithName("CreateAutoApprovalRule");
        rules.MapDelete("/{id:guid}", DeleteRuleAsync).WithName("DeleteAutoApprovalRule");
        return v1;
    }

    public static AccessActor ActorOf(ClaimsPrincipal user) => new(JitApi.ActorOf(user), UserRoles.Of(user));

    private static async Task<Results<Created<AccessRequestCreated>, ValidationProblem>> CreateAsync(
        AccessRequestBody? body, IAccessService service, HttpContext http, CancellationToken ct)
    {
        var input = body is null
            ? new AccessRequestInput(null, null, null, null, null)
            : new AccessRequestInput(body.MachineId, body.Ports, body.Duration, body.SourceAddressPrefix, body.Justification, body.Ticket, body.StartTime);
        var result = await service.CreateAsync(input, ActorOf(http.User), ClientAddress.Of(http), ct);
        return result.Request is { } created
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/access-requests/{created.Id}", new AccessRequestCreated(created.Id, created.Status))
            : TypedResults.ValidationProblem(result.Errors.ToDictionary(), title: "The access request is invalid; nothing was saved.");
    }

    private static async Task<Results<Ok<IReadOnlyList<AccessRequestView>>, ValidationProblem>> ListAsync(string? status, IAccessService service, CancellationToken ct)
    {
        AccessRequestStatus? filter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<AccessRequestStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"Unknown status '{status}' (use one of {string.Join(", ", Enum.GetNames<AccessRequestStatus>())})."] });
            filter = parsed;
        }
        return TypedResults.Ok(await service.ListAsync(filter, ct));
    }

    private static async Task<Results<Ok<AccessRequestView>, NotFound<ProblemDetails>>> GetAsync(Guid id, IAccessService service, CancellationToken ct)
    {
        var view = await service.GetAsync(id, ct);
        return view is null ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown access request", Detail = $"No access request '{id}'." }) : TypedResults.Ok(view);
    }

    private static async Task<IResult> ActAsync(Task<AccessActionResult> action)
    {
        var result = await action;
        return result.Outcome switch
        {
            AccessActionOutcome.Done => TypedResults.Ok(result.Request),
            AccessActionOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Unknown access request", detail: result.Message),
            AccessActionOutcome.Forbidden => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: result.Message),
            AccessActionOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: "Already decided", detail: result.Message),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["comment"] = [result.Message ?? "Invalid."] }, title: "The input is invalid; nothing was changed."),
        };
    }

    private static async Task<Ok<List<AutoApprovalRule>>> ListRulesAsync(IDbContextFactory<JitDbContext> factory, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return TypedResults.Ok(await db.AutoApprovalRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct));
    }

    private static async Task<Results<Created<AutoApprovalRule>, ValidationProblem>> CreateRuleAsync(
        AutoApprovalRuleInput? body, IDbContextFactory<JitDbContext> factory, IAuditLog audit, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        body ??= new AutoApprovalRuleInput(null, null, null, null, null, null);
        var errors = AutoApproval.Validate(body, out var max);
        await using var db = await factory.CreateDbContextAsync(ct);
        var name = body.Name?.Trim() ?? "";
        if (errors.Count == 0 && await db.AutoApprovalRules.AnyAsync(r => r.Name == name, ct))
            errors["name"] = [$"A rule named '{name}' already exists."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The rule is invalid; nothing was saved.");
        var actor = JitApi.ActorOf(http.User);
        var rule = new AutoApprovalRule
        {
            Id = Guid.NewGuid(),
            Name = name,
            RequesterRole = string.IsNullOrWhiteSpace(body.RequesterRole) ? null : body.RequesterRole.Trim(),
            ResourceGroup = string.IsNullOrWhiteSpace(body.ResourceGroup) ? null : body.ResourceGroup.Trim(),
            Tag = string.IsNullOrWhiteSpace(body.Tag) ? null : body.Tag.Trim(),
            MaxDuration = max,
            Enabled = body.Enabled ?? true,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = actor,
        };
        db.AutoApprovalRules.Add(rule);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.AccessAutoApprovalRuleChanged, $"auto-approval-rule/{rule.Name}", AuditOutcome.Succeeded,
            new { change = "created", rule.RequesterRole, rule.ResourceGroup, rule.Tag, maxDuration = body.MaxDuration }), ct);
        return TypedResults.Created($"{http.Request.PathBase}/api/v1/access-auto-approval-rules/{rule.Id}", rule);
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteRuleAsync(
        Guid id, IDbContextFactory<JitDbContext> factory, IAuditLog audit, HttpContext http, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AutoApprovalRules.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown rule", Detail = $"No auto-approval rule '{id}'." });
        db.AutoApprovalRules.Remove(rule);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(JitApi.ActorOf(http.User), AuditActorKind.User, AuditActions.AccessAutoApprovalRuleChanged, $"auto-approval-rule/{rule.Name}", AuditOutcome.Succeeded, new { change = "deleted" }), ct);
        return TypedResults.NoContent();
    }
}
