using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.State;

/// <summary>NSG and security-rule shapes exactly as ARM returns them (both singular and plural fields).</summary>
public static class Nsg
{
    private static readonly (string Name, int Priority, string Direction, string Source, string Destination, string Access, string Description)[] Defaults =
    [
        ("AllowVnetInBound", 65000, "Inbound", "VirtualNetwork", "VirtualNetwork", "Allow", "Allow inbound traffic from all VMs in VNET"),
        ("AllowAzureLoadBalancerInBound", 65001, "Inbound", "AzureLoadBalancer", "*", "Allow", "Allow inbound traffic from azure load balancer"),
        ("DenyAllInBound", 65500, "Inbound", "*", "*", "Deny", "Deny all inbound traffic"),
        ("AllowVnetOutBound", 65000, "Outbound", "VirtualNetwork", "VirtualNetwork", "Allow", "Allow outbound traffic from all VMs to all VMs in VNET"),
        ("AllowInternetOutBound", 65001, "Outbound", "*", "Internet", "Allow", "Allow outbound traffic from all VMs to Internet"),
        ("DenyAllOutBound", 65500, "Outbound", "*", "*", "Deny", "Deny all outbound traffic"),
    ];

    /// <summary>Makes an NSG look like ARM's: default rules present, every rule with id, etag, type and all fields.</summary>
    public static void Normalize(JsonObject nsg)
    {
        var id = (string)nsg["id"]!;
        var props = (JsonObject)nsg["properties"]!;
        props["resourceGuid"] ??= Guid.NewGuid().ToString();
        if (props["securityRules"] is not JsonArray rules)
            props["securityRules"] = rules = [];
        foreach (var rule in rules.OfType<JsonObject>())
            NormalizeRule(id, rule, isDefault: false);
        if (props["defaultSecurityRules"] is not JsonArray defaults || defaults.Count == 0)
        {
            props["defaultSecurityRules"] = new JsonArray(Defaults.Select(d => (JsonNode)NewRule(id, d.Name, new RuleSpec(
                d.Access, d.Direction, d.Priority, "*", d.Source, [], d.Destination, [], ["*"], d.Description), isDefault: true)).ToArray());
        }
        else
        {
            foreach (var rule in defaults.OfType<JsonObject>())
                NormalizeRule(id, rule, isDefault: true);
        }
        // Back-references are derived from NICs and subnets when the NSG is rendered.
        props.Remove("networkInterfaces");
        props.Remove("subnets");
    }

    public static void NormalizeRule(string nsgId, JsonObject rule, bool isDefault)
    {
        var name = (string?)rule["name"] ?? "rule";
        rule["name"] = name;
        rule["id"] ??= $"{nsgId}/{(isDefault ? "defaultSecurityRules" : "securityRules")}/{name}";
        rule["etag"] ??= SimulatorState.NewEtag();
        rule["type"] ??= isDefault ? ResourceTypes.DefaultSecurityRules : ResourceTypes.SecurityRules;
        if (rule["properties"] is not JsonObject p)
            rule["properties"] = p = [];
        p["provisioningState"] ??= "Succeeded";
        p["sourcePortRange"] ??= p["sourcePortRanges"] is JsonArray { Count: > 0 } ? "" : "*";
        p["sourcePortRanges"] ??= new JsonArray();
        p["destinationPortRange"] ??= p["destinationPortRanges"] is JsonArray { Count: > 0 } ? "" : "*";
        p["destinationPortRanges"] ??= new JsonArray();
        // A rule whose source (or destination) is application security groups carries no address prefix at all (ARM).
        if (p["sourceApplicationSecurityGroups"] is not JsonArray { Count: > 0 })
            p["sourceAddressPrefix"] ??= p["sourceAddressPrefixes"] is JsonArray { Count: > 0 } ? "" : "*";
        p["sourceAddressPrefixes"] ??= new JsonArray();
        if (p["destinationApplicationSecurityGroups"] is not JsonArray { Count: > 0 })
            p["destinationAddressPrefix"] ??= p["destinationAddressPrefixes"] is JsonArray { Count: > 0 } ? "" : "*";
        p["destinationAddressPrefixes"] ??= new JsonArray();
        p["protocol"] ??= "*";
    }

    public sealed record RuleSpec(
        string Access, string Direction, int Priority, string Protocol,
        string SourcePrefix, IReadOnlyList<string> SourcePrefixes,
        string DestinationPrefix, IReadOnlyList<string> DestinationPrefixes,
        IReadOnlyList<string> Ports, string? Description);

    /// <summary>A complete rule; one port goes in destinationPortRange, several in destinationPortRanges (as JIT writes them).</summary>
    public static JsonObject NewRule(string nsgId, string name, RuleSpec spec, bool isDefault = false)
    {
        var props = new JsonObject { ["provisioningState"] = "Succeeded" };
        if (spec.Description is not null)
            props["description"] = spec.Description;
        props["protocol"] = spec.Protocol;
        props["sourcePortRange"] = "*";
        props["destinationPortRange"] = spec.Ports.Count == 1 ? spec.Ports[0] : "";
        props["sourceAddressPrefix"] = spec.SourcePrefix;
        props["sourceAddressPrefixes"] = Strings(spec.SourcePrefixes);
        props["destinationAddressPrefix"] = spec.DestinationPrefix;
        props["destinationAddressPrefixes"] = Strings(spec.DestinationPrefixes);
        props["sourcePortRanges"] = new JsonArray();
        props["destinationPortRanges"] = spec.Ports.Count == 1 ? new JsonArray() : Strings(spec.Ports);
        props["access"] = spec.Access;
        props["priority"] = spec.Priority;
        props["direction"] = spec.Direction;
        return new JsonObject
        {
            ["name"] = name,
            ["id"] = $"{nsgId}/{(isDefault ? "defaultSecurityRules" : "securityRules")}/{name}",
            ["etag"] = SimulatorState.NewEtag(),
            ["type"] = isDefault ? ResourceTypes.DefaultSecurityRules : ResourceTypes.SecurityRules,
            ["properties"] = props,
        };
    }

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    public static JsonArray Rules(JsonObject nsg) => (JsonArray)nsg["properties"]!["securityRules"]!;

    /// <summary>First priority at or above <paramref name="from"/> not used by an inbound custom rule (null when none up to 4096).</summary>
    public static int? FreePriority(JsonObject nsg, int from, string direction = "Inbound")
    {
        var used = Rules(nsg).OfType<JsonObject>()
            .Where(r => string.Equals((string?)r["properties"]?["direction"], direction, StringComparison.OrdinalIgnoreCase))
            .Select(r => (int?)r["properties"]?["priority"] ?? 0)
            .ToHashSet();
        for (var p = Math.Max(100, from); p <= 4096; p++)
        {
            if (!used.Contains(p))
                return p;
        }
        return null;
    }
}
