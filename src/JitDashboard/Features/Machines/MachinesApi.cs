using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Machines;

/// <summary><c>GET /api/v1/machines</c> and one machine with its decision paths, over the same snapshot as the UI.</summary>
public static class MachinesApi
{
    public static RouteGroupBuilder MapMachinesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/machines", List)
            .WithName("ListMachines")
            .WithSummary("Every VM in scope with its management-port exposure, JIT status, recommendations and secure-score impact.");
        api.MapGet("/machines/{subscriptionId}/{resourceGroup}/{name}", Get)
            .WithName("GetMachine")
            .WithSummary("One VM, with every path to each port hop by hop (door, admin rules, NSG rules) and the hop that decided.");
        api.MapPost("/machines/{subscriptionId}/{resourceGroup}/{name}/verify", VerifyAsync)
            .RequireAuthorization(JitDashboard.Platform.Identity.AppPolicies.Operate)
            .WithName("VerifyMachine")
            .WithSummary("Asks Azure itself (effective NSGs per NIC, Network Watcher IP flow verify per management port from an Internet address) and answers with Azure's verdict beside ours; disagreements flagged. Operator only; audited.");
        return api;
    }

    /// <summary>Largest page a caller may ask for with <c>$top</c>.</summary>
    public const int MaxTop = 1000;

    // The list projection of a snapshot is the same for every caller until the next refresh, so it is built (and
    // sorted) once per snapshot; the weak table lets an old snapshot go with its projection.
    private static readonly ConditionalWeakTable<EstateSnapshot, MachineListView> Views = new();

    // Tags are unique per process start as well as per snapshot: a tag from before a restart never matches.
    private static readonly string TagPrefix = Guid.NewGuid().ToString("N")[..12];
    private static long _tagSequence;

    internal static MachineListView ViewOf(EstateSnapshot snapshot) => Views.GetValue(snapshot, s =>
    {
        var items = s.Machines.Select(m => ToItem(m, withPaths: false)).ToArray();
        Array.Sort(items, (a, b) => MachinePage.Order.Compare(a.Id, b.Id));
        return new MachineListView(items, $"W/\"{TagPrefix}-{Interlocked.Increment(ref _tagSequence).ToString(CultureInfo.InvariantCulture)}\"");
    });

    internal static Results<Ok<MachineList>, ProblemHttpResult, StatusCodeHttpResult> List(IEstateService estate, HttpContext http,
        bool? exposed = null, string? jitStatus = null, string? subscriptionId = null,
        [FromQuery(Name = "$top")] string? dollarTop = null, string? top = null,
        [FromQuery(Name = "$skipToken")] string? skipToken = null, string? skip = null,
        bool? missedByDefender = null)
    {
        JitStatus? status = null;
        if (jitStatus is not null)
        {
            if (!Enum.TryParse<JitStatus>(jitStatus, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem(statusCode: 400, title: "Invalid jitStatus",
                    detail: $"jitStatus must be one of {string.Join(", ", Enum.GetNames<JitStatus>())}, not '{Truncate(jitStatus)}'.");
            }
            status = parsed;
        }

        // ARM's $top; the older top is the same parameter (one of them, not both).
        if (dollarTop is not null && top is not null)
            return TypedResults.Problem(statusCode: 400, title: "Invalid $top", detail: "$top and top are the same parameter: give one of them.");
        var topName = dollarTop is not null ? "$top" : "top";
        int? pageSize = null;
        if ((dollarTop ?? top) is { } topText)
        {
            if (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t < 1 || t > MaxTop)
                return TypedResults.Problem(statusCode: 400, title: "Invalid " + topName,
                    detail: $"{topName} must be a whole number from 1 to {MaxTop}, not '{Truncate(topText)}'.");
            pageSize = t;
        }
        string? after = null;
        if (skipToken is not null)
        {
            if (skip is not null)
                return TypedResults.Problem(statusCode: 400, title: "Invalid $skipToken", detail: "$skipToken and skip cannot be combined: follow nextLink.");
            if (!MachineSkipToken.TryDecode(skipToken, out after))
                return TypedResults.Problem(statusCode: 400, title: "Invalid $skipToken",
                    detail: "$skipToken is not one this API handed out: start again without it, then follow nextLink.");
            pageSize ??= MaxTop;
        }
        var offset = 0;
        if (skip is not null)
        {
            if (pageSize is null)
                return TypedResults.Problem(statusCode: 400, title: "Invalid skip", detail: "skip is only allowed together with $top.");
            if (!int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0)
                return TypedResults.Problem(statusCode: 400, title: "Invalid skip",
                    detail: $"skip must be a whole number of 0 or more, not '{Truncate(skip)}'.");
        }

        var snapshot = estate.Snapshot;
        var view = ViewOf(snapshot);
        // Revalidation is answered from the tag alone: nothing is filtered or serialised for a 304.
        http.Response.Headers.ETag = view.ETag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (Matches(http.Request.Headers.IfNoneMatch, view.ETag))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        bool Wanted(MachineItem m) =>
            (exposed is null || m.Exposed == exposed)
            && (missedByDefender is null || m.Ports.Any(p => p.MissedByDefender) == missedByDefender)
            && (status is null || m.JitStatus == status.ToString())
            && (subscriptionId is null || string.Equals(m.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase));

        // Without $top the answer is the whole list, as before paging existed (streamed to the response as it is written).
        if (pageSize is null)
            return TypedResults.Ok(new MachineList(view.Items.Where(Wanted).ToList(), snapshot.RefreshedAt, snapshot.Error));

        var page = MachinePage.Take(view.Items, Wanted, after, offset, pageSize.Value);
        string? nextLink = null;
        if (page.ContinueAfter is { } last)
        {
            // The filters travel in the link; the position is the token (an offset would shift across a refresh).
            var request = http.Request;
            var query = QueryString.Create(request.Query
                .Where(q => q.Key is not ("skip" or "top" or "$top" or "$skipToken"))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new("$top", pageSize.Value.ToString(CultureInfo.InvariantCulture)))
                .Append(new("$skipToken", MachineSkipToken.Encode(last))));
            nextLink = $"{request.PathBase}{request.Path}{query}";
        }
        return TypedResults.Ok(new MachineList(page.Items, snapshot.RefreshedAt, snapshot.Error, nextLink));
    }

    // If-None-Match compares weakly (RFC 9110 13.1.2); "*" matches any current representation.
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
            return false;
        var current = Microsoft.Net.Http.Headers.EntityTagHeaderValue.Parse(etag);
        return Microsoft.Net.Http.Headers.EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    internal static Results<Ok<MachineItem>, ProblemHttpResult> Get(IEstateService estate, string subscriptionId, string resourceGroup, string name)
    {
        var machine = estate.Snapshot.Machines.FirstOrDefault(m =>
            string.Equals(m.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.ResourceGroup, resourceGroup, StringComparison.OrdinalIgnoreCase)
            && string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return machine is null
            ? TypedResults.Problem(statusCode: 404, title: "Machine not found",
                detail: $"No machine '{Truncate(name)}' in resource group '{Truncate(resourceGroup)}' of subscription '{Truncate(subscriptionId)}' is in the dashboard's estate.")
            : TypedResults.Ok(ToItem(machine, withPaths: true));
    }

    internal static async Task<Results<Ok<MachineVerification>, ProblemHttpResult>> VerifyAsync(IMachineVerifier verifier, HttpContext http,
        string subscriptionId, string resourceGroup, string name, CancellationToken ct)
    {
        var machine = verifier.Find(subscriptionId, resourceGroup, name);
        if (machine is null)
            return TypedResults.Problem(statusCode: 404, title: "Machine not found",
                detail: $"No machine '{Truncate(name)}' in resource group '{Truncate(resourceGroup)}' of subscription '{Truncate(subscriptionId)}' is in the dashboard's estate.");
        return TypedResults.Ok(await verifier.VerifyAsync(machine, JitDashboard.Platform.Identity.Actor.From(http.User), ct));
    }

    // Echoed input is cut short: an error message must not carry a hostile payload back at full length.
    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";

    private static MachineItem ToItem(EstateMachine m, bool withPaths) => new(
        m.Id, m.Name, m.SubscriptionId, m.ResourceGroup, m.Location, m.OsType, m.PowerState,
        m.Facts.PublicIpAddresses.ToList(), m.Facts.PrivateIpAddresses.ToList(),
        m.Facts.Ports.Select(p => new MachinePort(p.Port, "TCP", p.Exposure.ToString(), p.Sources, withPaths ? p.Reason : null,
            withPaths ? p.Paths.Select(path => new MachinePath(path.NetworkInterface, path.IpConfiguration, path.PublicIpAddress, path.Exposure.ToString(), path.Reason,
                path.Steps.Select(s => new MachineRuleStep(s.Level.ToString(), s.NsgName, s.RuleName, s.Priority, s.Access.ToString(), s.Sources, s.IsDefault, s.Decisive)).ToList())
            {
                Kind = path.Kind.ToString(),
                Hops = path.Hops.Select(h => new MachinePathHop(h.Kind.ToString(), h.Name, h.Detail, h.Access, h.Decisive)).ToList(),
                JitCannotProtect = path.JitCannotProtectReason,
            }).ToList() : null)
        {
            Via = p.Via.Select(v => v.ToString()).ToList(),
            MissedByDefender = p.Exposure == PortExposure.Open && m.Facts.ManagementPortsRecommendation == RecommendationState.Healthy,
        }).ToList(),
        m.Facts.Exposed,
        m.Facts.JitStatus.ToString(),
        m.Facts.UnsupportedReason,
        m.Facts.JitPolicyId,
        m.Facts.JitPorts.Select(p => new MachineJitPort(p.Number, p.Protocol, p.AllowedSourceAddressPrefix, p.AllowedSourceAddressPrefixes, p.MaxRequestAccessDuration)).ToList(),
        new MachineRecommendations(m.Facts.JitRecommendation.ToString(), m.Facts.ManagementPortsRecommendation.ToString()),
        m.Facts.SecureScoreImpact is { } impact ? Math.Round(impact, 4) : null)
    {
        UnknownReasons = m.Facts.UnknownReasons.Count == 0 ? null : m.Facts.UnknownReasons,
        JitWriteBlockedReason = m.Facts.JitWriteBlockedReason,
    };
}
