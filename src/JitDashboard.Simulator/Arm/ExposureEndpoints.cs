using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// The other doors to a VM (issue 17) and Azure's own answers about them: Azure Firewall (classic rules) and Firewall
/// Policy rule collection groups, load balancer inbound NAT rules, network watchers, AVNM effective security admin rules
/// (POST per VNet), a NIC's effective NSGs and Network Watcher IP flow verify. Bodies as the official examples in
/// docs/arm-contract/network show them.
/// </summary>
public static class ExposureEndpoints
{
    private const string Rg = "subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";

    public static void Map(ArmRouter r)
    {
        foreach (var (segment, type) in new[]
                 {
                     ("azureFirewalls", ResourceTypes.AzureFirewalls),
                     ("firewallPolicies", ResourceTypes.FirewallPolicies),
                     ("networkWatchers", ResourceTypes.NetworkWatchers),
                 })
        {
            r.Get($"subscriptions/{{sub}}/providers/Microsoft.Network/{segment}", ApiFamily.Network,
                req => req.PageKeys(req.State.List(req["sub"], type), req.State.Render));
            r.Get($"{Rg}/{segment}", ApiFamily.Network,
                req => req.PageKeys(req.State.List(req["sub"], type, req["rg"]), req.State.Render));
            r.Get($"{Rg}/{segment}/{{name}}", ApiFamily.Network, req => new ArmResult(200, req.State.Render(Find(req, type, segment))));
        }

        r.Get(Rg + "/firewallPolicies/{name}/ruleCollectionGroups", ApiFamily.Network, req =>
        {
            var policy = Find(req, ResourceTypes.FirewallPolicies, "firewallPolicies");
            var prefix = ArmId.Key((string)policy["id"]!) + "/";
            var keys = req.State.List(req["sub"], ResourceTypes.FirewallPolicyRuleCollectionGroups, req["rg"])
                .Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            return req.PageKeys(keys, req.State.Render);
        });
        r.Get(Rg + "/firewallPolicies/{name}/ruleCollectionGroups/{group}", ApiFamily.Network, req =>
        {
            var policy = Find(req, ResourceTypes.FirewallPolicies, "firewallPolicies");
            var group = req.State.Get($"{policy["id"]}/ruleCollectionGroups/{req["group"]}")
                ?? throw ArmErrors.ResourceNotFound(ResourceTypes.FirewallPolicyRuleCollectionGroups, $"{req["name"]}/{req["group"]}", req["rg"]);
            return new ArmResult(200, req.State.Render(group));
        });

        r.Get(Rg + "/loadBalancers/{name}/inboundNatRules", ApiFamily.Network, req =>
        {
            var rules = NatRules(req).ToList();
            return req.Page(rules.Count, (skip, take) => rules.Skip(skip).Take(take));
        });
        r.Get(Rg + "/loadBalancers/{name}/inboundNatRules/{rule}", ApiFamily.Network, req =>
            new ArmResult(200, NatRules(req).FirstOrDefault(x => string.Equals((string?)x["name"], req["rule"], StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.ResourceNotFound("Microsoft.Network/loadBalancers/inboundNatRules", $"{req["name"]}/{req["rule"]}", req["rg"])));

        r.Map("POST", Rg + "/virtualNetworks/{name}/listNetworkManagerEffectiveSecurityAdminRules", ApiFamily.Network, AdminRules);
        r.Map("POST", Rg + "/networkInterfaces/{name}/effectiveNetworkSecurityGroups", ApiFamily.Network, EffectiveNsgs);
        r.Map("POST", Rg + "/networkWatchers/{name}/ipFlowVerify", ApiFamily.Network, IpFlowVerify);
    }

    private static string Id(ArmRequest req, string segment) => $"/subscriptions/{req["sub"]}/resourceGroups/{req["rg"]}/providers/Microsoft.Network/{segment}/{req["name"]}";

    private static JsonObject Find(ArmRequest req, string type, string segment)
        => req.State.Get(Id(req, segment)) ?? throw ArmErrors.ResourceNotFound(type, req["name"], req["rg"]);

    private static IEnumerable<JsonObject> NatRules(ArmRequest req)
    {
        var lb = req.State.Render(Find(req, ResourceTypes.LoadBalancers, "loadBalancers"));
        return (lb["properties"]?["inboundNatRules"] as JsonArray ?? []).OfType<JsonObject>().Select(x => (JsonObject)x.DeepClone());
    }

    /// <summary>
    /// <c>listNetworkManagerEffectiveSecurityAdminRules</c>: the body (QueryRequestOptions) is required; <c>$top</c> is
    /// 1..20; pages continue with the <c>skipToken</c> of the answer sent back in the body.
    /// </summary>
    private static ArmResult AdminRules(ArmRequest req)
    {
        if (req.Body is not JsonObject body)
            throw ArmErrors.InvalidContent("The request content must be a JSON object (QueryRequestOptions).");
        var vnet = Find(req, ResourceTypes.VirtualNetworks, "virtualNetworks");
        var top = 20;
        if (req.Query("$top") is { } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 20))
            throw ArmErrors.BadRequest($"The value '{topText}' of $top is invalid: it must be between 1 and 20.", "InvalidTopValue");
        var rules = Flows.EffectiveAdminRules(req.State, (string)vnet["id"]!);
        var offset = 0;
        if (body["skipToken"] is JsonValue tokenValue && (string?)tokenValue is { Length: > 0 } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > rules.Count))
            throw ArmErrors.BadRequest($"The skipToken '{token}' is invalid.", "InvalidSkipToken");
        var answer = new JsonObject { ["value"] = new JsonArray(rules.Skip(offset).Take(top).Select(x => (JsonNode)x).ToArray()) };
        if (offset + top < rules.Count)
            answer["skipToken"] = (offset + top).ToString(CultureInfo.InvariantCulture);
        return new ArmResult(200, answer);
    }

    /// <summary>Effective NSGs of a NIC (a long-running POST in Azure, which may answer 202 + Location; this answers 200).</summary>
    private static ArmResult EffectiveNsgs(ArmRequest req)
    {
        var nic = Find(req, ResourceTypes.NetworkInterfaces, "networkInterfaces");
        return new ArmResult(200, new JsonObject { ["value"] = Flows.EffectiveNetworkSecurityGroups(req.State, nic) });
    }

    private static readonly string[] Directions = ["Inbound", "Outbound"];
    private static readonly string[] FlowProtocols = ["TCP", "UDP"];

    /// <summary>
    /// IP flow verify: every field of VerificationIPFlowParameters is required but the NIC id; the target must be a VM in
    /// the watcher's region and the local address one of its own. Inbound flows are judged (outbound: the default allow).
    /// </summary>
    private static ArmResult IpFlowVerify(ArmRequest req)
    {
        var watcher = Find(req, ResourceTypes.NetworkWatchers, "networkWatchers");
        if (req.Body is not JsonObject body)
            throw ArmErrors.InvalidContent("The request content must be a JSON object (VerificationIPFlowParameters).");
        string Required(string field)
            => body[field] is JsonValue v && (string?)v is { Length: > 0 } s ? s
                : throw ArmErrors.BadRequest($"The parameter '{field}' is required.", "InvalidRequestFormat");
        var target = Required("targetResourceId");
        var direction = Directions.FirstOrDefault(d => d.Equals(Required("direction"), StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.BadRequest($"The value '{body["direction"]}' of 'direction' is invalid. Allowed values: Inbound, Outbound.", "InvalidRequestFormat");
        var protocol = FlowProtocols.FirstOrDefault(p => p.Equals(Required("protocol"), StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.BadRequest($"The value '{body["protocol"]}' of 'protocol' is invalid. Allowed values: TCP, UDP.", "InvalidRequestFormat");
        int Port(string field)
            => int.TryParse(Required(field), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535 ? port
                : throw ArmErrors.BadRequest($"The value '{body[field]}' of '{field}' is not a port (0-65535).", "InvalidRequestFormat");
        var localPort = Port("localPort");
        Port("remotePort");
        var localIp = Required("localIPAddress");
        var remoteIp = Required("remoteIPAddress");
        if (!IPAddress.TryParse(localIp, out _) || !IPAddress.TryParse(remoteIp, out _))
            throw ArmErrors.BadRequest("localIPAddress and remoteIPAddress must be IP addresses.", "InvalidRequestFormat");
        var vm = req.State.Get(target);
        if (vm is null || !string.Equals((string?)vm["type"], ResourceTypes.VirtualMachines, StringComparison.OrdinalIgnoreCase))
            throw ArmErrors.NotFound($"The target resource '{target}' was not found.");
        if (!string.Equals(ApiVersionTable.Normalize((string?)vm["location"] ?? ""), ApiVersionTable.Normalize((string?)watcher["location"] ?? ""), StringComparison.Ordinal))
            throw ArmErrors.BadRequest($"The target resource '{target}' is in '{vm["location"]}', not in the region of network watcher '{watcher["name"]}' ('{watcher["location"]}').", "InvalidRequestFormat");
        var found = Flows.FindIpConfiguration(req.State, vm, localIp)
            ?? throw ArmErrors.BadRequest($"The local IP address '{localIp}' does not belong to '{target}'.", "InvalidRequestFormat");
        if (direction == "Outbound")
            return new ArmResult(200, new JsonObject { ["access"] = "Allow", ["ruleName"] = "defaultSecurityRules/AllowInternetOutBound" });
        var (access, ruleName) = Flows.VerifyInbound(req.State, found.Nic, found.IpConfiguration, protocol, localPort, remoteIp);
        return new ArmResult(200, new JsonObject { ["access"] = access, ["ruleName"] = ruleName });
    }
}
