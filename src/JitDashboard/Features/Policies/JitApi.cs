using JitDashboard.Platform.Identity;
using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Policies;

public static class JitApi
{
    /// <summary>
    /// <c>POST jit/apply</c>, <c>POST jit/remove</c>, <c>GET operations/{id}</c>, <c>POST operations/{id}/retry</c> (Operator or Admin)
    /// and <c>GET jit/templates</c> (Read). Map on the <c>/api/v1</c> group.
    /// </summary>
    public static RouteGroupBuilder MapJitApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/jit/apply", (JitOperationRequest? body, IJitOperationService service, HttpContext http, CancellationToken ct) =>
                StartAsync(JitOperationKind.Apply, body, service, http, ct))
            .RequireAuthorization(AuthPolicies.Operate).WithName("ApplyJit");
        api.MapPost("/jit/remove", (JitOperationRequest? body, IJitOperationService service, HttpContext http, CancellationToken ct) =>
                StartAsync(JitOperationKind.Remove, body, service, http, ct))
            .RequireAuthorization(AuthPolicies.Operate).WithName("RemoveJit");
        api.MapGet("/operations/{id:guid}", GetOperationAsync).RequireAuthorization(AuthPolicies.Operate).WithName("GetJitOperation");
        api.MapPost("/operations/{id:guid}/undo-rule-changes", UndoRuleChangesAsync).RequireAuthorization(AuthPolicies.Operate).WithName("UndoJitRuleChanges");
        api.MapPost("/operations/{id:guid}/retry", RetryAsync).RequireAuthorization(AuthPolicies.Operate).WithName("RetryJitOperation");
        api.MapGet("/jit/templates", async (IPolicyTemplateService templates, CancellationToken ct) => TypedResults.Ok(await templates.ListAsync(ct)))
            .RequireAuthorization(AuthPolicies.Read).WithName("ListJitTemplates");
        api.MapPost("/jit/templates", CreateTemplateAsync).RequireAuthorization(AuthPolicies.Administer).WithName("CreateJitTemplate");
        api.MapPut("/jit/templates/{id:guid}", UpdateTemplateAsync).RequireAuthorization(AuthPolicies.Administer).WithName("UpdateJitTemplate");
        api.MapDelete("/jit/templates/{id:guid}", DeleteTemplateAsync).RequireAuthorization(AuthPolicies.Administer).WithName("DeleteJitTemplate");
        return api;
    }

    /// <summary>The signed-in person as the audit records them: UPN, preferred username, then name.</summary>

    public static async Task<Results<Ok<PolicyPlan>, Accepted<JitOperationAccepted>, ValidationProblem>> StartAsync(
        JitOperationKind kind, JitOperationRequest? body, IJitOperationService service, HttpContext http, CancellationToken ct)
    {
        var ids = body?.MachineIds ?? [];
        if (body?.DryRun == true)
        {
            var plan = await service.PreviewAsync(kind, ids, body.TemplateId, body.CloseBlockingRules == true, ct);
            return plan.IsValid ? TypedResults.Ok(plan) : Problem(plan.Errors);
        }
        if (body?.CloseBlockingRules == true && kind != JitOperationKind.Apply)
            return Problem(new Dictionary<string, string[]> { ["closeBlockingRules"] = ["Only an apply can close custom allow rules."] });
        var start = await service.StartAsync(kind, ids, body?.TemplateId, Actor.From(http.User), body?.CloseBlockingRules == true, ct);
        return start.OperationId is { } id
            ? TypedResults.Accepted($"{http.Request.PathBase}/api/v1/operations/{id}", new JitOperationAccepted(id))
            : Problem(start.Errors);
    }

    public static async Task<Results<Ok<JitOperationResponse>, NotFound<ProblemDetails>>> GetOperationAsync(Guid id, IJitOperationService service, CancellationToken ct)
    {
        var view = await service.GetAsync(id, ct);
        return view is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown operation", Detail = $"No operation '{id}'." })
            : TypedResults.Ok(JitOperationResponse.From(view));
    }

    /// <summary>Puts back the rules the operation closed; <c>dryRun</c>: lists them (the preview), writes nothing.</summary>
    public static async Task<Results<Ok<UndoRuleChangesResponse>, NotFound<ProblemDetails>>> UndoRuleChangesAsync(
        Guid id, UndoRuleChangesRequest? body, IJitOperationService service, HttpContext http, CancellationToken ct)
    {
        var dryRun = body?.DryRun == true;
        var result = await service.UndoRuleChangesAsync(id, dryRun, Actor.From(http.User), ct);
        return result.Found
            ? TypedResults.Ok(new UndoRuleChangesResponse(id, dryRun, result.Changes))
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown operation", Detail = $"No operation '{id}'." });
    }

    public static async Task<Results<Accepted<JitOperationAccepted>, NotFound<ProblemDetails>>> RetryAsync(Guid id, IJitOperationService service, HttpContext http, CancellationToken ct)
    {
        var retry = await service.RetryFailedAsync(id, Actor.From(http.User), ct);
        return retry is { } newId
            ? TypedResults.Accepted($"{http.Request.PathBase}/api/v1/operations/{newId}", new JitOperationAccepted(newId))
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Nothing to retry", Detail = $"Operation '{id}' is unknown, still running, or has no failed items." });
    }

    public static async Task<Results<Created<PolicyTemplate>, ValidationProblem>> CreateTemplateAsync(
        PolicyTemplateInput? body, IPolicyTemplateService templates, HttpContext http, CancellationToken ct)
    {
        var result = await templates.CreateAsync(body ?? EmptyInput, Actor.From(http.User), ct);
        return result is { Succeeded: true, Template: { } created }
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/jit/templates/{created.Id}", created)
            : Problem(result.Errors);
    }

    public static async Task<Results<Ok<PolicyTemplate>, NotFound<ProblemDetails>, ValidationProblem>> UpdateTemplateAsync(
        Guid id, PolicyTemplateInput? body, IPolicyTemplateService templates, HttpContext http, CancellationToken ct)
    {
        // Looked up first so an unknown id is 404 rather than a validation error on "id".
        if (await templates.GetAsync(id, ct) is null) return UnknownTemplate(id);
        var result = await templates.UpdateAsync(id, body ?? EmptyInput, Actor.From(http.User), ct);
        return result is { Succeeded: true, Template: { } updated } ? TypedResults.Ok(updated) : Problem(result.Errors);
    }

    /// <summary>204; 404 when unknown; 409 for the default template, which the service refuses to delete.</summary>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> DeleteTemplateAsync(
        Guid id, IPolicyTemplateService templates, HttpContext http, CancellationToken ct)
    {
        var result = await templates.DeleteAsync(id, Actor.From(http.User), ct);
        if (result.Succeeded) return TypedResults.NoContent();
        if (result.Template is null) return UnknownTemplate(id);
        return TypedResults.Conflict(new ProblemDetails
        {
            Status = 409,
            Title = "Template not deleted",
            Detail = string.Join(" ", result.Errors.SelectMany(e => e.Value)),
        });
    }

    private static readonly PolicyTemplateInput EmptyInput = new("", null, []);

    private static NotFound<ProblemDetails> UnknownTemplate(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown template", Detail = $"No template '{id}'." });

    private static ValidationProblem Problem(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has invalid items; nothing was changed.");
}
