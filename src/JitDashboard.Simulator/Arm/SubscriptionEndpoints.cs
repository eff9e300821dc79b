using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>GET /subscriptions and GET /subscriptions/{id}.</summary>
public static class SubscriptionEndpoints
{
    public static void Map(ArmRouter r)
    {
        r.Get("subscriptions", ApiFamily.Subscriptions, req =>
        {
            // Deleted subscriptions and those where the caller has no role at all ("*" denied) are not listed.
            var subs = req.State.Subscriptions.Where(s => SubscriptionGate.Listed(req.State.ConditionsFor((string)s["subscriptionId"]!))).ToList();
            return req.Page(subs.Count, (skip, take) => subs.Skip(skip).Take(take).Select(s => s.DeepClone()));
        });
        r.Get("subscriptions/{sub}", ApiFamily.Subscriptions, req => new ArmResult(200, req.State.GetSubscription(req["sub"])!.DeepClone()));
        // The SDK's GenericResource and api-version discovery read the provider first.
        r.Get("subscriptions/{sub}/providers/{ns}", ApiFamily.Resources, req => Provider(req.State, req["sub"], req["ns"]));
    }

    private static readonly Dictionary<string, (string[] Types, string[] Versions)> Providers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Compute"] = (["virtualMachines", "locations/virtualMachines"], ["2024-07-01", "2024-03-01", "2023-07-01"]),
        ["Microsoft.Network"] = (["networkInterfaces", "networkSecurityGroups", "publicIPAddresses", "virtualNetworks", "virtualNetworks/subnets"], ["2024-05-01", "2023-09-01"]),
        ["Microsoft.Security"] = (["locations/jitNetworkAccessPolicies", "jitNetworkAccessPolicies", "assessments", "secureScores", "secureScoreControls", "pricings"], ["2024-01-01", "2020-01-01", "2015-06-01-preview"]),
        ["Microsoft.ClassicCompute"] = (["virtualMachines"], ["2017-04-01", "2016-04-01"]),
    };

    private static ArmResult Provider(SimulatorState state, string sub, string ns)
    {
        if (!Providers.TryGetValue(ns, out var provider))
            throw ArmErrors.NotFound($"The resource provider '{ns}' is not known to the simulator.");
        var name = Providers.Keys.First(k => k.Equals(ns, StringComparison.OrdinalIgnoreCase));
        var registered = state.ConditionsFor(sub).IsRegistered(name);
        return new ArmResult(200, new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/{name}",
            ["namespace"] = name,
            ["registrationState"] = registered ? "Registered" : "NotRegistered",
            ["registrationPolicy"] = "RegistrationRequired",
            ["resourceTypes"] = new JsonArray(provider.Types.Select(t => (JsonNode)new JsonObject
            {
                ["resourceType"] = t,
                ["locations"] = new JsonArray("West Europe", "North Europe", "East US", "Central US"),
                ["apiVersions"] = new JsonArray(provider.Versions.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
                ["capabilities"] = "None",
            }).ToArray()),
        });
    }
}
