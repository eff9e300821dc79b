using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>Largest page a caller may ask for with <c>top</c>.</summary>
    public const int MaxTop = 1000;

    // The list projection of a snapshot is the same for every caller until the next refresh, so it is built once per
    // snapshot (snapshots are immutable and replaced whole; the weak table lets an old one go with its projection).
    private static readonly ConditionalWeakTable<EstateSnapshot, MachineItem[]> Projections = new();

    internal static Results<Ok<MachineList>, ProblemHttpResult> List(IEstateService estate, HttpRequest request,
        bool? exposed = null, string? jitStatus = null, string? subscriptionId = null, string? top = null, string? skip = null,
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

        // Paging is opt-in: without top the answer is the whole list, as before paging existed.
        int? pageSize = null;
        if (top is not null)
        {
            if (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t < 1 || t > MaxTop)
                return TypedResults.Problem(statusCode: 400, title: "Invalid top",
                    detail: $"top must be a whole number from 1 to {MaxTop}, not '{Truncate(top)}'.");
            pageSize = t;
        }
        var offset = 0;
        if (skip is not null)
        {
            if (pageSize is null)
                return TypedResults.Problem(statusCode: 400, title: "Invalid skip", detail: "skip is only allowed together with top.");
            if (!int.TryParse(skip, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0)
                return TypedResults.Problem(statusCode: 400, title: "Invalid skip",
                    detail: $"skip must be a whole number of 0 or more, not '{Truncate(skip)}'.");
        }

        var snapshot = estate.Snapshot;
        var projected = Projections.GetValue(snapshot, s => s.Machines.Select(m => ToItem(m, withPaths: false)).ToArray());
        var filtered = projected
            .Where(m => exposed is null || m.Exposed == exposed)
            .Where(m => missedByDefender is null || m.Ports.Any(p => p.MissedByDefender) == missedByDefender)
            .Where(m => status is null || m.JitStatus == status.ToString())
            .Where(m => subscriptionId is null || string.Equals(m.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase));
        if (pageSize is null)
            return TypedResults.Ok(new MachineList(filtered.ToList(), snapshot.RefreshedAt, snapshot.Error));

        // One more than the page tells whether another page follows without counting the rest.
        var page = filtered.Skip(offset).Take(pageSize.Value + 1).ToList();
        string? nextLink = null;
        if (page.Count > pageSize.Value)
        {
            page.RemoveAt(page.Count - 1);
            var query = QueryString.Create(request.Query
                .Where(q => q.Key is not ("skip" or "top"))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
                .Append(new("top", pageSize.Value.ToString(CultureInfo.InvariantCulture)))
                .Append(new("skip", (offset + pageSize.Value).ToString(CultureInfo.InvariantCulture))));
            nextLink = $"{request.PathBase}{request.Path}{query}";
        }
        return TypedResults.Ok(new MachineList(page, snapshot.RefreshedAt, snapshot.Error, nextLink));
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

/// <summary>
/// The machines; <c>nextLink</c> (relative) only when paging with <c>top</c> and more remain. Pages are offsets into the
/// current snapshot: a refresh between pages can shift items, so a client that needs one consistent view checks
/// <c>refreshedAt</c> stays the same across pages.
/// </summary>
public sealed record MachineList(IReadOnlyList<MachineItem> Items, DateTimeOffset? RefreshedAt, string? Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);

public sealed record MachineItem(
    string Id, string Name, string SubscriptionId, string ResourceGroup, string Location, string OsType, string PowerState,
    IReadOnlyList<string> PublicIpAddresses, IReadOnlyList<string> PrivateIpAddresses, IReadOnlyList<MachinePort> Ports,
    bool Exposed,
    [property: System.ComponentModel.Description("Configured, NotConfigured, Unsupported (see unsupportedReason) or Unknown: the JIT policies (or, for a VM in none, the network) could not be read; unknownReasons.jitStatus says why. Nothing is written for an Unknown VM.")]
    string JitStatus,
    string? UnsupportedReason, string? JitPolicyId, IReadOnlyList<MachineJitPort> JitPorts,
    MachineRecommendations Recommendations,
    [property: System.ComponentModel.Description("Secure-score points the 'Secure management ports' control gains if this VM alone becomes healthy; null when Defender's data for its subscription could not be read.")]
    double? SecureScoreImpact)
{
    /// <summary>Why a fact is Unknown, by fact (<c>exposure</c>, <c>jitStatus</c>, <c>recommendations</c>, <c>powerState</c>); absent when all were read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? UnknownReasons { get; init; }

    /// <summary>Why no JIT policy may be written for this VM now; absent when it may.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JitWriteBlockedReason { get; init; }
}

/// <summary>One management port; <c>reason</c> and <c>paths</c> only on the single-machine answer.</summary>
public sealed record MachinePort(int Port, string Protocol,
    [property: System.ComponentModel.Description("Open (any Internet address gets through), Restricted (only the listed sources), Closed, or Unknown: a network source the verdict needs could not be read (never guessed as Open or Closed).")]
    string Exposure,
    IReadOnlyList<string> Sources, string? Reason, IReadOnlyList<MachinePath>? Paths)
{
    /// <summary>The kinds of path through which the port is reachable: PublicIp, LoadBalancerNat, LoadBalancerRule, FirewallDnat; empty when Closed.</summary>
    [System.ComponentModel.Description("The kinds of path through which the port is reachable (Open or Restricted): PublicIp, LoadBalancerNat, LoadBalancerRule, FirewallDnat. Empty when Closed.")]
    public IReadOnlyList<string> Via { get; init; } = [];

    /// <summary>True when the port is Open and Defender's "management ports should be closed" assessment (bc303248-3d14-44c2-96a0-55f5c326b5fe) says Healthy.</summary>
    [System.ComponentModel.Description("True when the port is Open and Defender's 'Management ports should be closed on your virtual machines' assessment (bc303248-3d14-44c2-96a0-55f5c326b5fe) is Healthy for this VM: Defender misses this door.")]
    public bool MissedByDefender { get; init; }
}

/// <summary>One door to the VM for one port, with every hop from the Internet to the NIC; one hop is <c>decisive</c>.</summary>
public sealed record MachinePath(string NetworkInterface, string IpConfiguration, string? PublicIpAddress, string Exposure, string Reason, IReadOnlyList<MachineRuleStep> Rules)
{
    [System.ComponentModel.Description("PublicIp, LoadBalancerNat, LoadBalancerRule or FirewallDnat.")]
    public string Kind { get; init; } = "PublicIp";

    [System.ComponentModel.Description("Every hop in order: Door (public IP, load balancer frontend and rule, firewall DNAT rule), AdminRule (AVNM, before NSGs), NsgRule (subnet, then NIC), Default (no NSG). The one with decisive=true decided.")]
    public IReadOnlyList<MachinePathHop> Hops { get; init; } = [];

    [System.ComponentModel.Description("Why JIT cannot close this path (an AVNM AlwaysAllow admin rule; a Firewall Policy DNAT rule); absent when JIT's deny rules can.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JitCannotProtect { get; init; }
}

/// <summary>A hop of a path: <c>kind</c> Door, AdminRule, NsgRule or Default; <c>access</c> Allow, Deny or AlwaysAllow when it is a rule.</summary>
public sealed record MachinePathHop(string Kind, string Name, string Detail, string? Access, bool Decisive);

public sealed record MachineRuleStep(string Level, string Nsg, string Rule, int Priority, string Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);

public sealed record MachineJitPort(int Number, string Protocol, string? AllowedSourceAddressPrefix, IReadOnlyList<string>? AllowedSourceAddressPrefixes, string MaxRequestAccessDuration);

/// <summary>Each <c>Healthy</c>, <c>Unhealthy</c>, <c>NotApplicable</c> or <c>Unknown</c>.</summary>
public sealed record MachineRecommendations(string Jit, string ManagementPortsClosed);
