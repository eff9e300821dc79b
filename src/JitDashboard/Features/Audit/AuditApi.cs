using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Audit;

/// <summary><c>/api/v1/audit</c>: the ledger, read-only, for any role.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAsync).WithName("ListAuditEvents").WithSummary("Audit events, newest first, filtered and paged.");
        api.MapGet("/audit/verify", async (IAuditLog audit, CancellationToken ct) =>
            {
                var v = await audit.VerifyAsync(ct);
                return TypedResults.Ok(new AuditVerifyResponse(v.IsValid, v.EventCount, v.FirstBrokenEventId, v.Failure?.ToString(), v.Message));
            })
            .WithName("VerifyAuditChain").WithSummary("Recomputes the hash chain and names the first broken event.");
        return api;
    }

    // The same filter rules as the Audit page and its CSV export (AuditFilter); a bad value gets a 400 naming its field.
    private static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> QueryAsync(
        IAuditLog audit, HttpRequest request, string? skip, string? pageSize, CancellationToken ct)
    {
        var valid = AuditFilter.TryParse(request.Query, out var filter, out var errors);
        var skipValue = ParseInt(skip, "skip", 0, 0, int.MaxValue, errors);
        var sizeValue = ParseInt(pageSize, "pageSize", AuditQuery.DefaultPageSize, 1, AuditQuery.MaxPageSize, errors);
        if (!valid || filter is null || errors.Count > 0)
            return TypedResults.ValidationProblem(errors, detail: "Some query parameters are not valid: " + string.Join(", ", errors.Keys) + ".");

        var page = await audit.QueryAsync(filter.ToQuery(skipValue, sizeValue), ct);
        return TypedResults.Ok(new AuditListResponse(page.Events.Select(AuditEventDto.From).ToList(), page.TotalCount, page.Skip, page.PageSize));
    }

    private static int ParseInt(string? value, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
            return parsed;
        errors[name] = [$"'{name}' must be a whole number from {min} to {max}."];
        return fallback;
    }
}
