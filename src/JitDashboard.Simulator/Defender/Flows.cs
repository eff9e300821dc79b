using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Defender;

/// <summary>
/// What Azure itself answers about traffic to a NIC: effective security admin rules (AVNM) of a virtual network, the
/// effective NSGs of a NIC, and IP flow verify. Semantics: learn.microsoft.com/azure/virtual-network-manager/concept-security-admins
/// (admin rules are evaluated before NSGs: Deny stops, AlwaysAllow admits, Allow hands over to the NSGs) and
/// learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works (subnet NSG, then NIC NSG, inbound).
/// </summary>
public static class Flows
{
    // ------------------------------------------------------------------ AVNM

    /// <summary>
    /// The security admin rules that apply to a virtual network: those of every rule collection whose
    /// <c>appliesToGroups</c> names a network group the VNet is a static member of. The estate's rules count as deployed.
    /// </summary>
    public static List<JsonObject> EffectiveAdminRules(SimulatorState state, string vnetId)
    {
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sub in state.Subscriptions.Select(s => (string)s["subscriptionId"]!).ToList())
        {
            foreach (var key in state.List(sub, ResourceTypes.NetworkGroupStaticMembers))
            {
                var member = state.GetByKey(key);
                if (string.Equals((string?)member["properties"]?["resourceId"], vnetId, StringComparison.OrdinalIgnoreCase))
                    groups.Add(key[..key.LastIndexOf("/staticmembers/", StringComparison.Ordinal)]);
            }
        }
        var result = new List<JsonObject>();
        if (groups.Count == 0)
            return result;
        foreach (var sub in state.Subscriptions.Select(s => (string)s["subscriptionId"]!).ToList())
        {
            foreach (var collectionKey in state.List(sub, ResourceTypes.AdminRuleCollections))
            {
                var collection = state.GetByKey(collectionKey);
                var applies = (collection["properties"]?["appliesToGroups"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(g => (string?)g["networkGroupId"]).OfType<string>().ToList();
                if (!applies.Any(g => groups.Contains(ArmId.Key(g))))
                    continue;
                var configuration = state.Get(((string)collection["id"]!)[..((string)collection["id"]!).LastIndexOf("/ruleCollections/", StringComparison.OrdinalIgnoreCase)]);
                foreach (var ruleKey in state.List(sub, ResourceTypes.AdminRules).Where(k => k.StartsWith(collectionKey + "/rules/", StringComparison.Ordinal)))
                {
                    var rule = state.GetByKey(ruleKey);
                    var props = (JsonObject)rule["properties"]!.DeepClone();
                    props.Remove("resourceGuid");
                    result.Add(new JsonObject
                    {
                        ["id"] = (string)rule["id"]!,
                        ["configurationDescription"] = (string?)configuration?["properties"]?["description"] ?? "",
                        ["ruleCollectionDescription"] = (string?)collection["properties"]?["description"] ?? "",
                        ["ruleCollectionAppliesToGroups"] = new JsonArray(applies.Select(g => (JsonNode)new JsonObject { ["networkGroupId"] = g }).ToArray()),
                        ["kind"] = (string?)rule["kind"] ?? "Custom",
                        ["properties"] = props,
                        ["ruleGroups"] = new JsonArray(applies.Select(g => (JsonNode)new JsonObject
                        {
                            ["id"] = g,
                            ["properties"] = new JsonObject
                            {
                                ["description"] = (string?)state.Get(g)?["properties"]?["description"] ?? "",
                                ["provisioningState"] = "Succeeded",
                            },
                        }).ToArray()),
                    });
                }
            }
        }
        return result.OrderBy(r => (int?)r["properties"]?["priority"] ?? int.MaxValue).ToList();
    }

    // ------------------------------------------------------------------ effective NSGs

    /// <summary>The NSGs that apply to a NIC (its subnets' and its own), each with its rules in the effective form.</summary>
    public static JsonArray EffectiveNetworkSecurityGroups(SimulatorState state, JsonObject nic)
    {
        var value = new JsonArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var ipc in (nic["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var subnetId = (string?)ipc["properties"]?["subnet"]?["id"];
            var subnet = subnetId is null ? null : state.GetSubnet(subnetId);
            if ((string?)subnet?["properties"]?["networkSecurityGroup"]?["id"] is { } subnetNsgId && state.Get(subnetNsgId) is { } subnetNsg && seen.Add(subnetNsgId))
                value.Add(Entry(state, subnetNsg, new JsonObject { ["subnet"] = new JsonObject { ["id"] = subnetId } }, subnetId));
        }
        if ((string?)nic["properties"]?["networkSecurityGroup"]?["id"] is { } nicNsgId && state.Get(nicNsgId) is { } nicNsg)
        {
            var subnetId = (string?)(nic["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault()?["properties"]?["subnet"]?["id"];
            value.Add(Entry(state, nicNsg, new JsonObject { ["networkInterface"] = new JsonObject { ["id"] = (string)nic["id"]! } }, subnetId));
        }
        return value;
    }

    private static JsonObject Entry(SimulatorState state, JsonObject nsg, JsonObject association, string? subnetId)
    {
        var vnetPrefixes = VnetPrefixes(state, subnetId);
        var rules = new JsonArray();
        foreach (var (rule, collection) in (nsg["properties"]!["securityRules"] as JsonArray ?? []).OfType<JsonObject>().Select(r => (r, "securityRules"))
                     .Concat((nsg["properties"]!["defaultSecurityRules"] as JsonArray ?? []).OfType<JsonObject>().Select(r => (r, "defaultSecurityRules"))))
        {
            var p = rule["properties"]!;
            var effective = new JsonObject
            {
                ["name"] = $"{collection}/{rule["name"]}",
                ["protocol"] = (string?)p["protocol"] is "*" or null ? "All" : (string)p["protocol"]!,
                ["sourcePortRange"] = PortRanges(Exposure.Values(p, "sourcePortRange", "sourcePortRanges").ToList())[0],
                ["destinationPortRange"] = PortRanges(Exposure.Values(p, "destinationPortRange", "destinationPortRanges").ToList())[0],
            };
            var destinationPorts = PortRanges(Exposure.Values(p, "destinationPortRange", "destinationPortRanges").ToList());
            if (destinationPorts.Count > 1)
            {
                effective["destinationPortRange"] = "";
                effective["destinationPortRanges"] = Nsg.Strings(destinationPorts);
            }
            AddAddresses(state, effective, "source", Exposure.Values(p, "sourceAddressPrefix", "sourceAddressPrefixes").ToList(), p["sourceApplicationSecurityGroups"] as JsonArray, vnetPrefixes);
            AddAddresses(state, effective, "destination", Exposure.Values(p, "destinationAddressPrefix", "destinationAddressPrefixes").ToList(), p["destinationApplicationSecurityGroups"] as JsonArray, vnetPrefixes);
            effective["access"] = (string?)p["access"];
            effective["priority"] = (int?)p["priority"];
            effective["direction"] = (string?)p["direction"];
            rules.Add(effective);
        }
        return new JsonObject
        {
            ["networkSecurityGroup"] = new JsonObject { ["id"] = (string)nsg["id"]! },
            ["association"] = association,
            ["effectiveSecurityRules"] = rules,
        };
    }

    /// <summary>"*" → 0-65535, "22" → 22-22, ranges as they are.</summary>
    private static List<string> PortRanges(List<string> values)
    {
        if (values.Count == 0 || values.Contains("*"))
            return ["0-65535"];
        return values.Select(v => v.Contains('-', StringComparison.Ordinal) ? v : $"{v}-{v}").ToList();
    }

    /// <summary>Prefixes as Azure shows them in effective rules: "*" → 0.0.0.0/0, an address → /32, tags and ASGs expanded.</summary>
    private static void AddAddresses(SimulatorState state, JsonObject effective, string side, List<string> prefixes, JsonArray? asgs, List<string> vnetPrefixes)
    {
        if (asgs is { Count: > 0 })
        {
            effective[side + "AddressPrefix"] = "";
            effective["expanded" + char.ToUpperInvariant(side[0]) + side[1..] + "AddressPrefix"] = Nsg.Strings(AsgMembers(state, asgs).Select(ip => ip + "/32"));
            return;
        }
        var normal = prefixes.Select(p => p == "*" ? "0.0.0.0/0" : IPAddress.TryParse(p, out _) ? p + "/32" : p).ToList();
        if (normal.Count == 1)
            effective[side + "AddressPrefix"] = normal[0];
        else
        {
            effective[side + "AddressPrefix"] = "";
            effective[side + "AddressPrefixes"] = Nsg.Strings(normal);
        }
        if (normal.Any(p => p.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) && vnetPrefixes.Count > 0)
            effective["expanded" + char.ToUpperInvariant(side[0]) + side[1..] + "AddressPrefix"] = Nsg.Strings(vnetPrefixes);
    }

    private static List<string> VnetPrefixes(SimulatorState state, string? subnetId)
    {
        if (subnetId is null)
            return [];
        var vnetId = subnetId[..Math.Max(0, subnetId.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase))];
        return (state.Get(vnetId)?["properties"]?["addressSpace"]?["addressPrefixes"] as JsonArray ?? [])
            .Select(p => (string?)p).OfType<string>().ToList();
    }

    /// <summary>Private addresses of the NIC ip configurations that are members of any of the ASGs.</summary>
    private static List<string> AsgMembers(SimulatorState state, JsonArray asgs)
    {
        var ids = asgs.OfType<JsonObject>().Select(a => (string?)a["id"]).OfType<string>().Select(ArmId.Key).ToHashSet();
        var result = new List<string>();
        foreach (var asg in ids)
        {
            var arm = ArmId.TryParse(asg);
            if (arm is null)
                continue;
            foreach (var key in state.List(arm.Subscription, ResourceTypes.NetworkInterfaces))
            {
                foreach (var ipc in (state.GetByKey(key)["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if ((ipc["properties"]?["applicationSecurityGroups"] as JsonArray ?? []).OfType<JsonObject>().Any(a => ArmId.Key((string?)a["id"] ?? "") == asg)
                        && (string?)ipc["properties"]?["privateIPAddress"] is { } ip)
                        result.Add(ip);
                }
            }
        }
        return result.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    // ------------------------------------------------------------------ IP flow verify

    /// <summary>
    /// Inbound verdict for one packet from <paramref name="remoteIp"/> to <paramref name="localIp"/>:<paramref name="localPort"/>
    /// on the ip configuration: admin rules first, then the subnet's NSG, then the NIC's; the rule that decided.
    /// </summary>
    public static (string Access, string RuleName) VerifyInbound(SimulatorState state, JsonObject nic, JsonObject ipConfiguration, string protocol, int localPort, string remoteIp)
    {
        var localIp = (string?)ipConfiguration["properties"]?["privateIPAddress"];
        var subnetId = (string?)ipConfiguration["properties"]?["subnet"]?["id"];
        var asgs = (ipConfiguration["properties"]?["applicationSecurityGroups"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => ArmId.Key((string?)a["id"] ?? "")).ToHashSet();
        var vnetPrefixes = VnetPrefixes(state, subnetId);
        if (subnetId is not null)
        {
            var vnetId = subnetId[..subnetId.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase)];
            foreach (var admin in EffectiveAdminRules(state, vnetId))
            {
                var p = admin["properties"]!;
                if (!string.Equals((string?)p["direction"], "Inbound", StringComparison.OrdinalIgnoreCase))
                    continue;
                var proto = (string?)p["protocol"] ?? "Any";
                if (!(proto.Equals("Any", StringComparison.OrdinalIgnoreCase) || proto.Equals(protocol, StringComparison.OrdinalIgnoreCase)))
                    continue;
                var ports = (p["destinationPortRanges"] as JsonArray ?? []).Select(x => (string?)x).OfType<string>().ToList();
                if (ports.Count > 0 && !ports.Any(r => Exposure.PortInRange(r, localPort)))
                    continue;
                if (!AdminAddresses(p["destinations"]).Any(a => AddressMatches(a, localIp, vnetPrefixes))
                    || !AdminAddresses(p["sources"]).Any(a => AddressMatches(a, remoteIp, vnetPrefixes)))
                    continue;
                var access = (string?)p["access"] ?? "Allow";
                var name = "securityAdminRules/" + ((string)admin["id"]!)[(((string)admin["id"]!).LastIndexOf('/') + 1)..];
                if (access.Equals("Deny", StringComparison.OrdinalIgnoreCase))
                    return ("Deny", name);
                if (access.Equals("AlwaysAllow", StringComparison.OrdinalIgnoreCase))
                    return ("Allow", name);
                break; // Allow: the NSGs decide.
            }
        }
        var subnet = subnetId is null ? null : state.GetSubnet(subnetId);
        var lastAllow = "";
        foreach (var nsgId in new[] { (string?)subnet?["properties"]?["networkSecurityGroup"]?["id"], (string?)nic["properties"]?["networkSecurityGroup"]?["id"] })
        {
            if (nsgId is null || state.Get(nsgId) is not { } nsg)
                continue;
            var decided = false;
            foreach (var rule in Exposure.InboundRules(nsg))
            {
                var p = rule["properties"]!;
                if (!Exposure.Matches(p, localPort, protocol, localIp) && !(p["destinationApplicationSecurityGroups"] is JsonArray { Count: > 0 } && ProtocolAndPort(p, localPort, protocol)))
                    continue;
                if (p["destinationApplicationSecurityGroups"] is JsonArray { Count: > 0 } destinations
                    && !destinations.OfType<JsonObject>().Any(a => asgs.Contains(ArmId.Key((string?)a["id"] ?? ""))))
                    continue;
                // A source application security group holds NICs of the VNet, never an outside address.
                if (p["sourceApplicationSecurityGroups"] is JsonArray { Count: > 0 })
                    continue;
                if (!Exposure.Values(p, "sourceAddressPrefix", "sourceAddressPrefixes").Any(s => AddressMatches(s, remoteIp, vnetPrefixes)))
                    continue;
                var name = $"{(string.Equals((string?)rule["type"], ResourceTypes.DefaultSecurityRules, StringComparison.OrdinalIgnoreCase) ? "defaultSecurityRules" : "securityRules")}/{rule["name"]}";
                if (!string.Equals((string?)p["access"], "Allow", StringComparison.OrdinalIgnoreCase))
                    return ("Deny", name);
                lastAllow = name;
                decided = true;
                break;
            }
            if (!decided)
                return ("Deny", "");
        }
        return ("Allow", lastAllow);
    }

    private static bool ProtocolAndPort(JsonNode p, int port, string protocol)
    {
        var proto = (string?)p["protocol"] ?? "*";
        if (proto != "*" && !proto.Equals(protocol, StringComparison.OrdinalIgnoreCase))
            return false;
        return Exposure.Values(p, "destinationPortRange", "destinationPortRanges").Any(r => Exposure.PortInRange(r, port));
    }

    private static IEnumerable<string> AdminAddresses(JsonNode? list)
        => (list as JsonArray ?? []).OfType<JsonObject>().Select(a => (string?)a["addressPrefix"]).OfType<string>();

    private static readonly string[] PrivateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"];

    /// <summary>Whether a rule's address (prefix or service tag) covers one address.</summary>
    private static bool AddressMatches(string prefix, string? address, List<string> vnetPrefixes)
    {
        if (address is null)
            return prefix is "*" || prefix.Equals("Any", StringComparison.OrdinalIgnoreCase);
        if (prefix is "*" || prefix.Equals("Any", StringComparison.OrdinalIgnoreCase))
            return true;
        var isPrivate = PrivateRanges.Any(r => Exposure.PrefixContains(r, address)) || vnetPrefixes.Any(v => Exposure.PrefixContains(v, address));
        if (prefix.Equals("Internet", StringComparison.OrdinalIgnoreCase))
            return !isPrivate;
        if (prefix.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase))
            return vnetPrefixes.Any(v => Exposure.PrefixContains(v, address));
        if (prefix.Equals("AzureLoadBalancer", StringComparison.OrdinalIgnoreCase))
            return address == "168.63.129.16";
        return Exposure.PrefixContains(prefix, address) && (prefix.Contains('.', StringComparison.Ordinal) || prefix.Contains(':', StringComparison.Ordinal));
    }

    /// <summary>The NIC ip configuration of a VM that holds <paramref name="localIp"/>.</summary>
    public static (JsonObject Nic, JsonObject IpConfiguration)? FindIpConfiguration(SimulatorState state, JsonObject vm, string localIp)
    {
        foreach (var nicRef in (vm["properties"]?["networkProfile"]?["networkInterfaces"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (state.Get((string?)nicRef["id"] ?? "") is not { } nic)
                continue;
            foreach (var ipc in (nic["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (string.Equals((string?)ipc["properties"]?["privateIPAddress"], localIp, StringComparison.OrdinalIgnoreCase))
                    return (nic, ipc);
            }
        }
        return null;
    }

    public static int ParsePort(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
