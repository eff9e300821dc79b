using System.Globalization;
using System.Text.Json.Serialization;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Posture;

public static class PostureApi
{
    public const int MaxWhatIfMachines = 10_000;

    public static RouteGroupBuilder MapPostureEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        // The /api/v1 group already requires Read (Reader and up); these endpoints only read.
        api.MapGet("/posture", GetAsync).WithName("GetPosture")
            .WithSummary("Secure score, the Secure management ports control, machine counts, potential gain, pending approvals and active grants.");
        api.MapGet("/posture/history", HistoryAsync).WithName("GetPostureHistory")
            .WithSummary("The stored trend of the posture figures over the last `days` days (1..365, default 30), oldest first.");
        api.MapPost("/posture/what-if", WhatIf).WithName("PostureWhatIf")
            .WithSummary("The control's points and the overall secure score if the given VMs (or all exposed VMs) were remediated.");
        return api;
    }

    internal static async Task<Ok<PostureResponse>> GetAsync(IEstateService estate, IAccessSummary access, CancellationToken ct)
    {
        var figures = PostureCalculator.Calculate(estate.Snapshot);
        var summary = await access.GetSummaryAsync(ct);
        return TypedResults.Ok(ToResponse(figures, summary));
    }

    public static PostureResponse ToResponse(PostureFigures figures, AccessSummary summary)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(summary);
        var m = figures.Machines;
        return new PostureResponse(
            PostureScore.From(figures.SecureScore),
            PostureControl.From(figures.ManagementPorts),
            new PostureMachines(m.Total, m.Exposed, m.Restricted, m.JitConfigured, m.JitNotConfigured, m.Unsupported),
            figures.PotentialGain,
            summary.PendingApprovals,
            summary.ActiveGrants)
        {
            ExcludedSubscriptions = figures.Excluded,
        };
    }

    internal static async Task<Results<Ok<PostureHistoryResponse>, ValidationProblem>> HistoryAsync(IPostureHistory history, string? days, CancellationToken ct)
    {
        var value = 30;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value is < 1 or > 365))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["days"] = [$"days must be a whole number from 1 to 365, not '{Truncate(days)}'."] },
                title: "Invalid days");
        }
        var points = await history.ListAsync(value, ct);
        return TypedResults.Ok(new PostureHistoryResponse(value, points.Select(PostureHistoryPoint.From).ToList()));
    }

    internal static Results<Ok<WhatIfResponse>, ValidationProblem> WhatIf(WhatIfRequest? body, IEstateService estate)
    {
        var snapshot = estate.Snapshot;
        var errors = new Dictionary<string, string[]>();
        var all = body?.AllExposed == true;
        var ids = body?.MachineIds ?? [];
        if (!all && ids.Count == 0)
            errors["machineIds"] = ["Give machineIds (one or more VM resource ids) or set allExposed to true."];
        else if (all && ids.Count > 0)
            errors["allExposed"] = ["Give either machineIds or allExposed, not both."];
        else if (ids.Count > MaxWhatIfMachines)
            errors["machineIds"] = [$"At most {MaxWhatIfMachines} machine ids, not {ids.Count}."];
        else
        {
            var known = new HashSet<string>(snapshot.Machines.Select(m => m.Id), StringComparer.OrdinalIgnoreCase);
            var unknown = ids.Where(id => string.IsNullOrWhiteSpace(id) || !known.Contains(id)).Take(5).ToList();
            if (unknown.Count > 0)
                errors["machineIds"] = [$"Not in the dashboard's estate: {string.Join(", ", unknown.Select(u => $"'{Truncate(u ?? "")}'"))}."];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Invalid what-if request");

        var result = PostureCalculator.WhatIf(snapshot, all ? PostureCalculator.AllExposed(snapshot.Machines) : ids);
        return TypedResults.Ok(new WhatIfResponse(
            result.Selected,
            result.Remediated,
            new(PostureControl.From(result.ManagementPortsBefore), PostureControl.From(result.ManagementPortsAfter)),
            new(PostureScore.From(result.SecureScoreBefore), PostureScore.From(result.SecureScoreAfter)),
            result.Gain));
    }

    // Echoed input is cut short: an error message must not carry a hostile payload back at full length.
    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";
}
