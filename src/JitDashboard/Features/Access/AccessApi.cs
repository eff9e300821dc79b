using JitDashboard.Features.Audit;
using System.Security.Claims;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

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

    public static AccessActor ActorOf(ClaimsPrincipal user) => AccessActor.From(user);

    private static async Task<Results<Created<AccessRequestCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        AccessRequestBody? body, IAccessService service, HttpContext http, CancellationToken ct)
    {
        var input = body is null
            ? new AccessRequestInput(null, null, null, null, null)
            : new AccessRequestInput(body.MachineId, body.Ports, body.Duration, body.SourceAddressPrefix, body.Justification, body.Ticket, body.StartTime);
        // The same call as the dialog's: the service authorises and validates.
        var result = await service.CreateAsync(input, ActorOf(http.User), ClientAddress.Of(http), ct);
        if (result.ForbiddenMessage is { } forbidden)
            return TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: forbidden);
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

    private static async Task<Ok<IReadOnlyList<AutoApprovalRule>>> ListRulesAsync(IAutoApprovalRuleService rules, CancellationToken ct) =>
        TypedResults.Ok(await rules.ListAsync(ct));

    private static async Task<Results<Created<AutoApprovalRule>, ValidationProblem, ProblemHttpResult>> CreateRuleAsync(
        AutoApprovalRuleInput? body, IAutoApprovalRuleService rules, HttpContext http, CancellationToken ct)
    {
        var result = await rules.CreateAsync(body ?? new AutoApprovalRuleInput(null, null, null, null, null, null), ActorOf(http.User), ct);
        return result.Outcome switch
        {
            AutoApprovalRuleOutcome.Done => TypedResults.Created($"{http.Request.PathBase}/api/v1/access-auto-approval-rules/{result.Rule!.Id}", result.Rule),
            AutoApprovalRuleOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(), title: "The rule is invalid; nothing was saved."),
            _ => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: result.Message),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(Guid id, IAutoApprovalRuleService rules, HttpContext http, CancellationToken ct)
    {
        var result = await rules.DeleteAsync(id, ActorOf(http.User), ct);
        return result.Outcome switch
        {
            AutoApprovalRuleOutcome.Done => TypedResults.NoContent(),
            AutoApprovalRuleOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: "Unknown rule", detail: result.Message),
            _ => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: result.Message),
        };
    }
}
