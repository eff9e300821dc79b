using JitDashboard.Features.Estate.Exposure;
using JitDashboard.Features.Estate.Inventory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Estate;

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
            .WithSummary("One VM, with the ordered rules that decided each port.");
        return api;
    }

    internal static Results<Ok<MachineList>, ProblemHttpResult> List(IEstateService estate, bool? exposed = null, string? jitStatus = null, string? subscriptionId = null)
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

        var snapshot = estate.Snapshot;
        var items = snapshot.Machines
            .Where(m => exposed is null || m.Facts.Exposed == exposed)
            .Where(m => status is null || m.Facts.JitStatus == status)
            .Where(m => subscriptionId is null || string.Equals(m.SubscriptionId, subscriptionId, StringComparison.OrdinalIgnoreCase))
            .Select(m => ToItem(m, withPaths: false))
            .ToList();
        return TypedResults.Ok(new MachineList(items, snapshot.RefreshedAt, snapshot.Error));
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

    // Echoed input is cut short: an error message must not carry a hostile payload back at full length.
    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "…";

    private static MachineItem ToItem(EstateMachine m, bool withPaths) => new(
        m.Id, m.Name, m.SubscriptionId, m.ResourceGroup, m.Location, m.OsType, m.PowerState,
        m.Facts.PublicIpAddresses.ToList(), m.Facts.PrivateIpAddresses.ToList(),
        m.Facts.Ports.Select(p => new MachinePort(p.Port, "TCP", p.Exposure.ToString(), p.Sources, withPaths ? p.Reason : null,
            withPaths ? p.Paths.Select(path => new MachinePath(path.NetworkInterface, path.IpConfiguration, path.PublicIpAddress, path.Exposure.ToString(), path.Reason,
                path.Steps.Select(s => new MachineRuleStep(s.Level.ToString(), s.NsgName, s.RuleName, s.Priority, s.Access.ToString(), s.Sources, s.IsDefault, s.Decisive)).ToList())).ToList() : null)).ToList(),
        m.Facts.Exposed,
        m.Facts.JitStatus.ToString(),
        m.Facts.UnsupportedReason,
        m.Facts.JitPolicyId,
        m.Facts.JitPorts.Select(p => new MachineJitPort(p.Number, p.Protocol, p.AllowedSourceAddressPrefix, p.AllowedSourceAddressPrefixes, p.MaxRequestAccessDuration)).ToList(),
        new MachineRecommendations(m.Facts.JitRecommendation.ToString(), m.Facts.ManagementPortsRecommendation.ToString()),
        Math.Round(m.Facts.SecureScoreImpact, 4));
}

public sealed record MachineList(IReadOnlyList<MachineItem> Items, DateTimeOffset? RefreshedAt, string? Error);

public sealed record MachineItem(
    string Id, string Name, string SubscriptionId, string ResourceGroup, string Location, string OsType, string PowerState,
    IReadOnlyList<string> PublicIpAddresses, IReadOnlyList<string> PrivateIpAddresses, IReadOnlyList<MachinePort> Ports,
    bool Exposed, string JitStatus, string? UnsupportedReason, string? JitPolicyId, IReadOnlyList<MachineJitPort> JitPorts,
    MachineRecommendations Recommendations, double SecureScoreImpact);

/// <summary>One management port; <c>reason</c> and <c>paths</c> only on the single-machine answer.</summary>
public sealed record MachinePort(int Port, string Protocol, string Exposure, IReadOnlyList<string> Sources, string? Reason, IReadOnlyList<MachinePath>? Paths);

public sealed record MachinePath(string NetworkInterface, string IpConfiguration, string? PublicIpAddress, string Exposure, string Reason, IReadOnlyList<MachineRuleStep> Rules);

public sealed record MachineRuleStep(string Level, string Nsg, string Rule, int Priority, string Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);

public sealed record MachineJitPort(int Number, string Protocol, string? AllowedSourceAddressPrefix, IReadOnlyList<string>? AllowedSourceAddressPrefixes, string MaxRequestAccessDuration);

/// <summary>Each <c>Healthy</c>, <c>Unhealthy</c>, <c>NotApplicable</c> or <c>Unknown</c>.</summary>
public sealed record MachineRecommendations(string Jit, string ManagementPortsClosed);
