using JitDashboard.Features.Audit;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Work;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Automation;

public static class AutomationApi
{
    public const string WebhookPath = "/automation/webhook";

    public static RouteGroupBuilder Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/automation/rules", ListRulesAsync).RequireAuthorization(AppPolicies.Read).WithName("ListAutomationRules");
        v1.MapGet("/automation/rules/{id:guid}", GetRuleAsync).RequireAuthorization(AppPolicies.Read).WithName("GetAutomationRule");
        v1.MapPost("/automation/rules", CreateRuleAsync).RequireAuthorization(AppPolicies.Administer).WithName("CreateAutomationRule");
        v1.MapPut("/automation/rules/{id:guid}", UpdateRuleAsync).RequireAuthorization(AppPolicies.Administer).WithName("UpdateAutomationRule");
        v1.MapDelete("/automation/rules/{id:guid}", DeleteRuleAsync).RequireAuthorization(AppPolicies.Administer).WithName("DeleteAutomationRule");
        v1.MapPost("/automation/rules/{id:guid}/run", RunRuleAsync).RequireAuthorization(AppPolicies.Administer).WithName("RunAutomationRule");
        v1.MapGet("/automation/runs", ListRunsAsync).RequireAuthorization(AppPolicies.Read).WithName("ListAutomationRuns");
        v1.MapGet("/automation/runs/{id:guid}", GetRunAsync).RequireAuthorization(AppPolicies.Read).WithName("GetAutomationRun");
        v1.MapGet("/automation/approvals", async (AutomationRunQueries runs, CancellationToken ct) => TypedResults.Ok(await runs.PendingAsync(ct)))
            .RequireAuthorization(AppPolicies.Read).WithName("ListAutomationApprovals");
        v1.MapPost("/automation/actions/{id:long}/approve", (long id, AutomationEngine engine, HttpContext http, CancellationToken ct) => DecideAsync(id, approve: true, engine, http, ct))
            .RequireAuthorization(AppPolicies.Approve).WithName("ApproveAutomationAction");
        v1.MapPost("/automation/actions/{id:long}/reject", (long id, AutomationEngine engine, HttpContext http, CancellationToken ct) => DecideAsync(id, approve: false, engine, http, ct))
            .RequireAuthorization(AppPolicies.Approve).WithName("RejectAutomationAction");
        v1.MapPost(WebhookPath, WebhookAsync).AllowAnonymous().WithName("AutomationWebhook")
            .WithSummary("Inbound trigger for Defender workflow automation and Event Grid")
            .WithDescription("Authenticated by the shared secret header (Automation:WebhookSecretHeader, default X-JitDashboard-Webhook-Secret) " +
                             "or an Entra bearer token with the Operator or Admin role. Body: a Defender assessment object (only 805651bc-6ecd-4c73-9b55-97a19d0582d0 Unhealthy counts), " +
                             "or an Event Grid event array (the SubscriptionValidationEvent handshake is answered with validationResponse). " +
                             "An alias of POST /api/v1/events/azure for Event Grid deliveries, with its own authentication. Refreshes the resources named (targeted), then runs every enabled rule with the webhook trigger on the VMs named. 202 with the VMs and runs. " +
                             "A delivery is acted on once across instances sharing the database (Event Grid: by its events' ids; otherwise by the body's bytes, for 2 days): a repeat answers 202 with duplicate: true and runs nothing.");
        return v1;
    }

    private static async Task<Ok<List<AutomationRuleResponse>>> ListRulesAsync(AutomationRuleService rules, CancellationToken ct) =>
        TypedResults.Ok((await rules.ListViewsAsync(ct)).Select(v => AutomationRuleResponse.From(v.Rule, v.MatchingMachines)).ToList());

    private static async Task<Results<Ok<AutomationRuleResponse>, NotFound<ProblemDetails>>> GetRuleAsync(Guid id, AutomationRuleService rules, CancellationToken ct)
    {
        var view = (await rules.ListViewsAsync(ct)).FirstOrDefault(v => v.Rule.Id == id);
        return view is null ? UnknownRule(id) : TypedResults.Ok(AutomationRuleResponse.From(view.Rule, view.MatchingMachines));
    }

    private static async Task<Results<Created<AutomationRuleResponse>, ValidationProblem>> CreateRuleAsync(
        AutomationRuleInput? body, AutomationRuleService rules, IEstateService estate, HttpContext http, CancellationToken ct)
    {
        var result = await rules.CreateAsync(body, Actor.From(http.User), ct);
        return result is { Succeeded: true, Rule: { } rule }
            ? TypedResults.Created($"{http.Request.PathBase}/api/v1/automation/rules/{rule.Id}", AutomationRuleResponse.From(rule, ScopeEvaluator.Evaluate(rule, estate.Snapshot.Machines).Count))
            : Problem(result.Errors);
    }

    private static async Task<Results<Ok<AutomationRuleResponse>, NotFound<ProblemDetails>, ValidationProblem>> UpdateRuleAsync(
        Guid id, AutomationRuleInput? body, AutomationRuleService rules, IEstateService estate, HttpContext http, CancellationToken ct)
    {
        if (await rules.GetAsync(id, ct) is null) return UnknownRule(id);
        var result = await rules.UpdateAsync(id, body, Actor.From(http.User), ct);
        return result is { Succeeded: true, Rule: { } rule }
            ? TypedResults.Ok(AutomationRuleResponse.From(rule, ScopeEvaluator.Evaluate(rule, estate.Snapshot.Machines).Count))
            : Problem(result.Errors);
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteRuleAsync(Guid id, AutomationRuleService rules, HttpContext http, CancellationToken ct) =>
        await rules.DeleteAsync(id, Actor.From(http.User), ct) ? TypedResults.NoContent() : UnknownRule(id);

    private static async Task<Results<Accepted<AutomationRunAccepted>, NotFound<ProblemDetails>>> RunRuleAsync(
        Guid id, AutomationRuleService rules, AutomationEngine engine, HttpContext http, CancellationToken ct)
    {
        var rule = await rules.GetAsync(id, ct);
        if (rule is null) return UnknownRule(id);
        var started = await engine.StartRunAsync(new AutomationRunRequest(rule, AutomationTrigger.Manual, Actor.From(http.User)), ct);
        return TypedResults.Accepted($"{http.Request.PathBase}/api/v1/automation/runs/{started!.Run.Id}", new AutomationRunAccepted(started.Run.Id, started.Run.Status));
    }

    private static async Task<Results<Ok<List<AutomationRun>>, ValidationProblem>> ListRunsAsync(
        Guid? ruleId, string? trigger, string? status, DateTimeOffset? from, DateTimeOffset? to, int? take, AutomationRunQueries runs, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        AutomationTrigger? t = null;
        AutomationRunStatus? s = null;
        if (trigger is not null)
        {
            if (Enum.TryParse<AutomationTrigger>(trigger, true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(trigger, out _)) t = parsed;
            else errors["trigger"] = [$"Unknown trigger '{trigger}': {string.Join(", ", Enum.GetNames<AutomationTrigger>())}."];
        }
        if (status is not null)
        {
            if (Enum.TryParse<AutomationRunStatus>(status, true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _)) s = parsed;
            else errors["status"] = [$"Unknown status '{status}': {string.Join(", ", Enum.GetNames<AutomationRunStatus>())}."];
        }
        if (take is < 1 or > AutomationRunQueries.MaxTake) errors["take"] = [$"take must be from 1 to {AutomationRunQueries.MaxTake}."];
        if (from is not null && to is not null && from > to) errors["from"] = ["from must not be after to."];
        if (errors.Count > 0) return Problem(errors);
        return TypedResults.Ok((await runs.ListAsync(new AutomationRunFilter(ruleId, t, s, from, to, take ?? 50), ct)).ToList());
    }

    private static async Task<Results<Ok<AutomationRun>, NotFound<ProblemDetails>>> GetRunAsync(Guid id, AutomationRunQueries runs, CancellationToken ct) =>
        await runs.GetAsync(id, ct) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown run", Detail = $"No automation run '{id}'." });

    private static async Task<Results<Ok<AutomationAction>, NotFound<ProblemDetails>>> DecideAsync(long id, bool approve, AutomationEngine engine, HttpContext http, CancellationToken ct)
    {
        var actor = Actor.From(http.User);
        var action = approve ? await engine.ApproveAsync(id, actor, ct) : await engine.RejectAsync(id, actor, ct);
        return action is null
            ? TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Nothing to decide", Detail = $"Action {id} is unknown or no longer pending approval." })
            : TypedResults.Ok(action);
    }

    /// <summary>The inbound trigger. Anonymous at the routing level: it checks the secret or the token itself.</summary>
    private static async Task<IResult> WebhookAsync(
        HttpContext http, IOptions<AutomationOptions> options, IAuthorizationService authorization, IEstateService estate,
        EstateRefreshCoordinator coordinator, AutomationDispatcher dispatcher, DeliveryClaims claims, IAuditLog audit, CancellationToken ct)
    {
        var o = options.Value;
        var bySecret = o.WebhookSecret.Length > 0 && http.Request.Headers.TryGetValue(o.WebhookSecretHeader, out var given) && SecretMatches(given.ToString(), o.WebhookSecret);
        var byToken = !bySecret && http.User.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(http.User, AppPolicies.Operate)).Succeeded;
        if (!bySecret && !byToken)
        {
            return http.User.Identity?.IsAuthenticated == true
                ? TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: "The token needs the Operator or Admin role.")
                : TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: $"Send the shared secret in {o.WebhookSecretHeader} or an Entra bearer token.");
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct)).RootElement.Clone();
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Not JSON: {e.Message}"] });
        }
        var payload = WebhookPayloadReader.Read(body);
        if (payload.Error is not null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [payload.Error] });
        // Event Grid proves the endpoint is ours before it sends anything: answer its code.
        if (payload.ValidationCode is not null) return TypedResults.Ok(new { validationResponse = payload.ValidationCode });

        var caller = bySecret ? "webhook" : Actor.From(http.User);
        if (payload.ResourceIds.Count == 0)
            return TypedResults.Accepted((string?)null, new WebhookAccepted([], [], payload.Ignored));

        // Once across instances: the same delivery (a retry, or a sender posting to two instances) runs nothing again.
        var delivery = WebhookDelivery.Key(body);
        if (!await claims.TryClaimAsync(delivery, ct))
            return TypedResults.Accepted((string?)null, new WebhookAccepted([], [], payload.Ignored, Duplicate: true));

        IReadOnlySet<string> machines;
        IReadOnlyList<Guid> runs;
        try
        {
            // The change is in Azure now; the snapshot is older. Read what the body names again (the resources, and what
            // they change: an NSG's VMs...; the whole estate for what cannot be read alone), then act.
            await coordinator.RefreshNowAsync(payload.ResourceIds, ct);
            machines = WebhookPayloadReader.MachinesFor(payload.ResourceIds, estate.Snapshot.Machines);
            runs = machines.Count == 0 ? [] : await dispatcher.RunWebhookAsync(machines, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Nothing ran: the sender's retry must be acted on.
            await claims.ReleaseAsync(delivery, CancellationToken.None);
            throw;
        }
        await audit.AppendAsync(new AuditEntry(caller, bySecret ? AuditActorKind.System : AuditActorKind.User, AuditActions.AutomationWebhookReceived, null, AuditOutcome.Succeeded,
            new { resources = payload.ResourceIds.Take(50).ToList(), machines = machines.Count, runs }), ct);
        return TypedResults.Accepted((string?)null, new WebhookAccepted([.. machines], runs, payload.Ignored));
    }

    /// <summary>Constant-time: hashes first so neither length nor content leaks through timing.</summary>
    public static bool SecretMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static NotFound<ProblemDetails> UnknownRule(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Unknown rule", Detail = $"No automation rule '{id}'." });

    private static ValidationProblem Problem(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The rule has invalid fields; nothing was changed.");
}
