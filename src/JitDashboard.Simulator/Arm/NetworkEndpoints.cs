using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>Microsoft.Network: NICs, NSGs (with rule CRUD), public IPs, virtual networks and subnets; load balancers and ASGs (read only; see also ExposureEndpoints).</summary>
public static class NetworkEndpoints
{
    private const string Rg = "subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";
    private const string NsgPath = Rg + "/networkSecurityGroups/{name}";

    public static void Map(ArmRouter r)
    {
        foreach (var (segment, type) in new[]
                 {
                     ("networkInterfaces", ResourceTypes.NetworkInterfaces),
                     ("networkSecurityGroups", ResourceTypes.NetworkSecurityGroups),
                     ("publicIPAddresses", ResourceTypes.PublicIPAddresses),
                     ("virtualNetworks", ResourceTypes.VirtualNetworks),
                     // Load balancers and application security groups are stored and listed as the estate gives them;
                     // the simulator has no behaviour for them.
                     ("loadBalancers", ResourceTypes.LoadBalancers),
                     ("applicationSecurityGroups", ResourceTypes.ApplicationSecurityGroups),
                 })
        {
            r.Get($"subscriptions/{{sub}}/providers/Microsoft.Network/{segment}", ApiFamily.Network,
                req => req.PageKeys(req.State.List(req["sub"], type), req.State.Render));
            r.Get($"{Rg}/{segment}", ApiFamily.Network,
                req => req.PageKeys(req.State.List(req["sub"], type, req["rg"]), req.State.Render));
            r.Get($"{Rg}/{segment}/{{name}}", ApiFamily.Network, req => new ArmResult(200, req.State.Render(Find(req, type, segment))));
        }

        r.Map("PUT", NsgPath, ApiFamily.Network, PutNsg);
        r.Map("PUT", Rg + "/publicIPAddresses/{name}", ApiFamily.Network, PutPublicIp);

        r.Get(NsgPath + "/securityRules", ApiFamily.Network, req => Rules(req, "securityRules"));
        r.Get(NsgPath + "/securityRules/{rule}", ApiFamily.Network, req => new ArmResult(200, FindRule(req, "securityRules").DeepClone()));
        r.Map("PUT", NsgPath + "/securityRules/{rule}", ApiFamily.Network, PutRule);
        r.Map("DELETE", NsgPath + "/securityRules/{rule}", ApiFamily.Network, DeleteRule);
        r.Get(NsgPath + "/defaultSecurityRules", ApiFamily.Network, req => Rules(req, "defaultSecurityRules"));
        r.Get(NsgPath + "/defaultSecurityRules/{rule}", ApiFamily.Network, req => new ArmResult(200, FindRule(req, "defaultSecurityRules").DeepClone()));

        r.Get(Rg + "/virtualNetworks/{name}/subnets", ApiFamily.Network, req =>
        {
            var subnets = (Find(req, ResourceTypes.VirtualNetworks, "virtualNetworks")["properties"]?["subnets"] as JsonArray ?? []).ToList();
            return req.Page(subnets.Count, (skip, take) => subnets.Skip(skip).Take(take).Select(s => s!.DeepClone()));
        });
        r.Get(Rg + "/virtualNetworks/{name}/subnets/{subnet}", ApiFamily.Network, req =>
        {
            var vnet = Find(req, ResourceTypes.VirtualNetworks, "virtualNetworks");
            var subnet = req.State.GetSubnet($"{vnet["id"]}/subnets/{req["subnet"]}")
                ?? throw ArmErrors.ResourceNotFound(ResourceTypes.Subnets, $"{req["name"]}/{req["subnet"]}", req["rg"]);
            return new ArmResult(200, subnet.DeepClone());
        });
    }

    private static string Id(ArmRequest req, string segment) => $"/subscriptions/{req["sub"]}/resourceGroups/{req["rg"]}/providers/Microsoft.Network/{segment}/{req["name"]}";

    private static JsonObject Find(ArmRequest req, string type, string segment)
        => req.State.Get(Id(req, segment)) ?? throw ArmErrors.ResourceNotFound(type, req["name"], req["rg"]);

    private static ArmResult Rules(ArmRequest req, string collection)
    {
        var rules = (Find(req, ResourceTypes.NetworkSecurityGroups, "networkSecurityGroups")["properties"]![collection] as JsonArray ?? []).ToList();
        return req.Page(rules.Count, (skip, take) => rules.Skip(skip).Take(take).Select(x => x!.DeepClone()));
    }

    private static JsonObject FindRule(ArmRequest req, string collection)
    {
        var nsg = Find(req, ResourceTypes.NetworkSecurityGroups, "networkSecurityGroups");
        return (nsg["properties"]![collection] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(x => string.Equals((string?)x["name"], req["rule"], StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.ResourceNotFound($"{ResourceTypes.NetworkSecurityGroups}/{collection}", $"{req["name"]}/{req["rule"]}", req["rg"]);
    }

    private static JsonObject RequireObject(JsonNode? body)
        => body as JsonObject ?? throw ArmErrors.InvalidContent("The request content must be a JSON object.");

    private static ArmResult PutNsg(ArmRequest req)
    {
        var body = RequireObject(req.Body);
        var id = Id(req, "networkSecurityGroups");
        var existing = req.State.Get(id);
        var location = (string?)body["location"] ?? (string?)existing?["location"]
            ?? throw ArmErrors.BadRequest("The 'location' property is required.", "LocationRequired");
        var props = body["properties"] as JsonObject ?? [];
        var rules = new JsonArray();
        foreach (var rule in (props["securityRules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)rule["name"] ?? throw ArmErrors.BadRequest("Each security rule needs a 'name'.", "InvalidRequestFormat");
            ValidateRule(name, rule["properties"] as JsonObject, rules.OfType<JsonObject>());
            var copy = new JsonObject { ["name"] = name, ["properties"] = rule["properties"]!.DeepClone() };
            Nsg.NormalizeRule(id, copy, isDefault: false);
            copy["etag"] = SimulatorState.NewEtag();
            copy["properties"]!["provisioningState"] = "Succeeded";
            rules.Add(copy);
        }
        var nsg = new JsonObject
        {
            ["name"] = req["name"],
            ["id"] = (string?)existing?["id"] ?? id,
            ["etag"] = SimulatorState.NewEtag(),
            ["type"] = ResourceTypes.NetworkSecurityGroups,
            ["location"] = location,
        };
        if (body["tags"] is JsonObject tags)
            nsg["tags"] = tags.DeepClone();
        nsg["properties"] = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["resourceGuid"] = (string?)existing?["properties"]?["resourceGuid"] ?? Guid.NewGuid().ToString(),
            ["securityRules"] = rules,
            ["defaultSecurityRules"] = existing?["properties"]?["defaultSecurityRules"]?.DeepClone(),
        };
        if (nsg["properties"]!["defaultSecurityRules"] is null)
            ((JsonObject)nsg["properties"]!).Remove("defaultSecurityRules");
        req.State.Upsert(nsg);
        return new ArmResult(existing is null ? 201 : 200, req.State.Render(nsg));
    }

    private static ArmResult PutPublicIp(ArmRequest req)
    {
        var body = RequireObject(req.Body);
        var id = Id(req, "publicIPAddresses");
        var existing = req.State.Get(id);
        var location = (string?)body["location"] ?? (string?)existing?["location"]
            ?? throw ArmErrors.BadRequest("The 'location' property is required.", "LocationRequired");
        var pip = (JsonObject)body.DeepClone();
        pip["name"] = req["name"];
        pip["id"] = (string?)existing?["id"] ?? id;
        pip["etag"] = SimulatorState.NewEtag();
        pip["type"] = ResourceTypes.PublicIPAddresses;
        pip["location"] = location;
        pip["sku"] ??= new JsonObject { ["name"] = "Standard", ["tier"] = "Regional" };
        var props = pip["properties"] as JsonObject ?? [];
        pip["properties"] = props;
        props["provisioningState"] = "Succeeded";
        props["resourceGuid"] = (string?)existing?["properties"]?["resourceGuid"] ?? Guid.NewGuid().ToString();
        props["publicIPAddressVersion"] ??= "IPv4";
        props["publicIPAllocationMethod"] ??= "Static";
        props["idleTimeoutInMinutes"] ??= 4;
        props["ipTags"] ??= new JsonArray();
        props["ddosSettings"] ??= new JsonObject { ["protectionMode"] = "VirtualNetworkInherited" };
        props["ipAddress"] ??= (string?)existing?["properties"]?["ipAddress"] ?? $"20.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";
        req.State.Upsert(pip);
        return new ArmResult(existing is null ? 201 : 200, req.State.Render(pip));
    }

    private static readonly string[] Protocols = ["Tcp", "Udp", "Icmp", "Esp", "*", "Ah"];

    /// <summary>ARM's checks on a security rule: required fields, enums, priority range and uniqueness per direction.</summary>
    private static void ValidateRule(string name, JsonObject? p, IEnumerable<JsonObject> siblings)
    {
        if (p is null)
            throw ArmErrors.BadRequest($"Security rule '{name}' has no 'properties'.", "InvalidRequestFormat");
        string Enum(string field, string[] allowed)
        {
            var value = p[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var match = allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase));
            return match ?? throw ArmErrors.BadRequest(
                $"Security rule '{name}' has an invalid value '{value}' for '{field}'. Allowed values: {string.Join(", ", allowed)}.", "InvalidRequestFormat");
        }
        p["protocol"] = Enum("protocol", Protocols);
        p["access"] = Enum("access", ["Allow", "Deny"]);
        p["direction"] = Enum("direction", ["Inbound", "Outbound"]);
        if (p["priority"] is not JsonValue pv || !pv.TryGetValue<int>(out var priority) && !(pv.TryGetValue<double>(out var d) && d == Math.Floor(d) && (priority = (int)d) == d))
            throw ArmErrors.BadRequest($"Security rule '{name}' needs an integer 'priority'.", "InvalidRequestFormat");
        if (priority is < 100 or > 4096)
            throw ArmErrors.BadRequest($"Security rule '{name}' has invalid priority {priority}. Value provided: {priority} Allowed range 100-4096.", "SecurityRuleInvalidPriority");
        p["priority"] = priority;
        var clash = siblings.FirstOrDefault(s => !string.Equals((string?)s["name"], name, StringComparison.OrdinalIgnoreCase)
            && (int?)s["properties"]?["priority"] == priority
            && string.Equals((string?)s["properties"]?["direction"], (string)p["direction"]!, StringComparison.OrdinalIgnoreCase));
        if (clash is not null)
        {
            throw ArmErrors.BadRequest(
                $"Security rule '{name}' conflicts with rule '{clash["name"]}'. Rules cannot have the same Priority and Direction. Priority: {priority.ToString(CultureInfo.InvariantCulture)}, Direction: {p["direction"]}.",
                "SecurityRuleConflict");
        }
    }

    private static ArmResult PutRule(ArmRequest req)
    {
        var body = RequireObject(req.Body);
        var nsg = Find(req, ResourceTypes.NetworkSecurityGroups, "networkSecurityGroups");
        var rules = Nsg.Rules(nsg);
        var name = req["rule"];
        var props = (body["properties"] as JsonObject)?.DeepClone() as JsonObject;
        ValidateRule(name, props, rules.OfType<JsonObject>());
        var existing = rules.OfType<JsonObject>().FirstOrDefault(x => string.Equals((string?)x["name"], name, StringComparison.OrdinalIgnoreCase));
        var rule = new JsonObject { ["name"] = existing is null ? name : (string)existing["name"]!, ["properties"] = props };
        Nsg.NormalizeRule((string)nsg["id"]!, rule, isDefault: false);
        rule["properties"]!["provisioningState"] = "Succeeded";
        if (existing is null)
        {
            rules.Add(rule);
        }
        else
        {
            rules[rules.IndexOf(existing)] = rule;
        }
        SimulatorState.Touch(nsg);
        return new ArmResult(existing is null ? 201 : 200, rule.DeepClone());
    }

    private static ArmResult DeleteRule(ArmRequest req)
    {
        var nsg = Find(req, ResourceTypes.NetworkSecurityGroups, "networkSecurityGroups");
        var rules = Nsg.Rules(nsg);
        var existing = rules.OfType<JsonObject>().FirstOrDefault(x => string.Equals((string?)x["name"], req["rule"], StringComparison.OrdinalIgnoreCase));
        if (existing is null)
            return new ArmResult(204);
        rules.Remove(existing);
        SimulatorState.Touch(nsg);
        return new ArmResult(200);
    }
}
