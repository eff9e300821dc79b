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
        // The SDK's GenericResource and api-version discovery read the provider first. Its types and versions are the
        // routes' own (ApiVersionTable), so a new endpoint shows here as soon as it is mapped.
        r.Get("subscriptions/{sub}/providers/{ns}", ApiFamily.Resources, req => Provider(r, req.State, req["sub"], req["ns"]));
    }

    private static ArmResult Provider(ArmRouter router, SimulatorState state, string sub, string ns)
    {
        var served = router.ServedTypes();
        if (!served.TryGetValue(ns, out var types))
            throw ArmErrors.InvalidResourceNamespace(ns);
        var name = served.Keys.First(k => k.Equals(ns, StringComparison.OrdinalIgnoreCase));
        var registered = state.ConditionsFor(sub).IsRegistered(name);
        return new ArmResult(200, new JsonObject
        {
            ["id"] = $"/subscriptions/{sub}/providers/{name}",
            ["namespace"] = name,
            ["registrationState"] = registered ? "Registered" : "NotRegistered",
            ["registrationPolicy"] = "RegistrationRequired",
            ["resourceTypes"] = new JsonArray(types.Select(t => (JsonNode)new JsonObject
            {
                ["resourceType"] = t.Key,
                ["locations"] = new JsonArray(ApiVersionTable.Locations.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
                // ARM lists a type's versions newest first.
                ["apiVersions"] = new JsonArray(ApiVersionTable.For(t.Value).Reverse().Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
                ["capabilities"] = "None",
            }).ToArray()),
        });
    }
}
