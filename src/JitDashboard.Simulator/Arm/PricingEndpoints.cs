using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// Microsoft.Security/pricings (Defender plans, spec <c>Microsoft.Security/stable/2024-01-01/pricings.json</c>): list, get,
/// and PUT of the <c>VirtualMachines</c> plan (Defender for Servers), which the subscription's conditions hold. The
/// other plans of the spec's <c>ListPricings_example.json</c> are listed on the Free tier so that the list looks real.
/// </summary>
public static class PricingEndpoints
{
    private const string Pricings = "subscriptions/{sub}/providers/Microsoft.Security/pricings";
    private const string Servers = "VirtualMachines";
    /// <summary>When the simulated plan was turned on (a fixed date keeps answers stable).</summary>
    private const string EnablementTime = "2025-11-03T08:30:00.0000000Z";

    /// <summary>The plans of ListPricings_example.json, in its order; the two with <c>deprecated</c> are replaced by Containers.</summary>
    private static readonly string[] Plans =
    [
        Servers, "SqlServers", "AppServices", "StorageAccounts", "SqlServerVirtualMachines", "KubernetesService", "ContainerRegistry",
        "KeyVaults", "Dns", "Arm", "OpenSourceRelationalDatabases", "Containers", "CloudPosture",
    ];

    public static void Map(ArmRouter r)
    {
        r.Get(Pricings, ApiFamily.Pricings, req =>
        {
            var plan = req.State.ConditionsFor(req["sub"]).DefenderForServers;
            return new ArmResult(200, new JsonObject { ["value"] = new JsonArray(Plans.Select(p => (JsonNode)Render(req["sub"], p, plan)).ToArray()) });
        });
        r.Get(Pricings + "/{name}", ApiFamily.Pricings, req => new ArmResult(200, Render(req["sub"], Name(req), req.State.ConditionsFor(req["sub"]).DefenderForServers)));
        r.Map("PUT", Pricings + "/{name}", ApiFamily.Pricings, req =>
        {
            var name = Name(req);
            if (name != Servers)
                throw ArmErrors.BadRequest($"The simulator only changes the '{Servers}' plan (Defender for Servers), not '{name}'.", "InvalidInputJson");
            if (req.Body?["properties"] is not JsonObject properties)
                throw ArmErrors.BadRequest("The pricing needs 'properties' with 'pricingTier'.", "InvalidInputJson");
            DefenderPlan plan;
            try
            {
                plan = SubscriptionConditions.Plan(properties, "properties");
            }
            catch (ArgumentException e)
            {
                throw ArmErrors.BadRequest(e.Message, "InvalidInputJson");
            }
            var sub = req["sub"];
            req.State.SetConditions(sub, req.State.ConditionsFor(sub) with { DefenderForServers = plan });
            return new ArmResult(200, Render(sub, name, plan));
        });
    }

    private static string Name(ArmRequest req)
        => Plans.FirstOrDefault(p => p.Equals(req["name"], StringComparison.OrdinalIgnoreCase))
           ?? throw ArmErrors.NotFound($"The pricing '{req["name"]}' was not found.");

    /// <summary>One plan, in the exact shape of GetPricingByNameVirtualMachines_example.json / ListPricings_example.json.</summary>
    public static JsonObject Render(string sub, string name, DefenderPlan servers)
    {
        var standard = name == Servers && servers.PricingTier == "Standard";
        var properties = new JsonObject { ["pricingTier"] = standard ? "Standard" : "Free" };
        if (standard && servers.SubPlan is not null)
            properties["subPlan"] = servers.SubPlan;
        properties["freeTrialRemainingTime"] = "PT0S";
        if (standard)
            properties["enablementTime"] = EnablementTime;
        properties["enforce"] = "False";
        properties["resourcesCoverageStatus"] = standard ? "FullyCovered" : "NotCovered";
        if (standard && servers.SubPlan == "P2")
        {
            properties["extensions"] = new JsonArray(new JsonObject
            {
                ["name"] = "AgentlessVmScanning",
                ["isEnabled"] = "True",
                ["additionalExtensionProperties"] = new JsonObject { ["ExclusionTags"] = "[]" },
            });
        }
        if (name is "KubernetesService" or "ContainerRegistry")
        {
            properties["deprecated"] = true;
            properties["replacedBy"] = new JsonArray("Containers");
        }
        return new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/Microsoft.Security/pricings/{name}",
            ["name"] = name,
            ["type"] = "Microsoft.Security/pricings",
            ["properties"] = properties,
        };
    }
}
