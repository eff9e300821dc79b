using System.Globalization;
using System.Net;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// The doors of one subscription, indexed for the evaluator (issue 17): public load balancer NAT and load-balancing rules
/// by the ip configuration they reach, Azure Firewall DNAT rules (classic and policy) by the private address they
/// translate to, and AVNM admin rules by virtual network. Built once per evaluation from the list calls; pure.
/// </summary>
public sealed class DoorIndex
{
    private readonly Dictionary<string, List<LoadBalancerDoor>> _byIpConfiguration = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<LoadBalancerDoor>> _byPool = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LoadBalancerDoor> _byNatRule = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<FirewallDoor>> _byTranslatedAddress = new(StringComparer.OrdinalIgnoreCase);
    private readonly SubscriptionInventory _inventory;
    // One list of admin rule inputs per VNet, shared by every ip configuration in it (not one copy per VM).
    private readonly Dictionary<string, IReadOnlyList<AdminRuleInput>> _adminRulesByVnet = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why a door source could not be read (load balancers, firewalls, firewall policies); null when all were.</summary>
    public string? DoorsUnknownReason { get; }

    private DoorIndex(SubscriptionInventory inventory)
    {
        _inventory = inventory;
        DoorsUnknownReason = inventory.UnreadableReason(InventorySource.LoadBalancers, InventorySource.AzureFirewalls, InventorySource.FirewallPolicies);
    }

    public static DoorIndex Build(SubscriptionInventory inventory, IReadOnlyDictionary<string, PublicIpAddress> publicIps)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(publicIps);
        var index = new DoorIndex(inventory);
        foreach (var lb in inventory.LoadBalancers)
            index.AddLoadBalancer(lb, publicIps);
        var groups = inventory.FirewallRuleCollectionGroups.Where(g => g.Id is not null).ToList();
        foreach (var firewall in inventory.AzureFirewalls)
            index.AddFirewall(firewall, groups, publicIps);
        return index;
    }

    private static string? Address(PublicIpAddress? ip) => ip?.Properties.IpAddress;

    private void AddLoadBalancer(LoadBalancer lb, IReadOnlyDictionary<string, PublicIpAddress> publicIps)
    {
        // Only a frontend with a public IP faces the Internet: an internal (private) frontend is not a door
        // (learn.microsoft.com/azure/load-balancer/components, "Frontend IP configuration").
        var frontends = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var frontend in lb.Properties.FrontendIPConfigurations)
        {
            if (frontend.Id is null || frontend.Properties.PublicIPAddress?.Id is not { } pipId) continue;
            frontends[frontend.Id] = Address(publicIps.GetValueOrDefault(pipId));
        }
        var sku = lb.Sku?.Name ?? "Basic";
        var name = lb.Name ?? "";
        foreach (var rule in lb.Properties.InboundNatRules)
        {
            var p = rule.Properties;
            if (p.FrontendIPConfiguration?.Id is not { } fe || !frontends.TryGetValue(fe, out var address) || p.BackendPort is not { } backend || rule.Id is null) continue;
            var door = new LoadBalancerDoor(PathKind.LoadBalancerNat, name, sku, rule.Name ?? "", address, p.FrontendPort, backend, p.Protocol ?? "Tcp");
            _byNatRule[rule.Id] = door;
            if (p.BackendIPConfiguration?.Id is { } target) Add(_byIpConfiguration, target, door);
            // A NAT rule v2 maps a frontend port range onto each member of a backend pool.
            foreach (var pool in Pools(p)) Add(_byPool, pool, door);
        }
        foreach (var rule in lb.Properties.LoadBalancingRules)
        {
            var p = rule.Properties;
            if (p.FrontendIPConfiguration?.Id is not { } fe || !frontends.TryGetValue(fe, out var address) || p.BackendPort is not { } backend) continue;
            var door = new LoadBalancerDoor(PathKind.LoadBalancerRule, name, sku, rule.Name ?? "", address, p.FrontendPort, backend, p.Protocol ?? "Tcp");
            foreach (var pool in Pools(p)) Add(_byPool, pool, door);
        }
    }

    private static IEnumerable<string> Pools(LoadBalancerRuleProperties p) =>
        (p.BackendAddressPools ?? []).Select(r => r.Id).Append(p.BackendAddressPool?.Id).OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);

    private void AddFirewall(AzureFirewall firewall, List<FirewallPolicyRuleCollectionGroup> groups, IReadOnlyDictionary<string, PublicIpAddress> publicIps)
    {
        var ipConfiguration = firewall.Properties.IpConfigurations.FirstOrDefault(c => c.Properties.PrivateIPAddress is not null)
            ?? (firewall.Properties.IpConfigurations.Count > 0 ? firewall.Properties.IpConfigurations[0] : null);
        var privateIp = IPAddress.TryParse(ipConfiguration?.Properties.PrivateIPAddress, out var ip) ? ip : null;
        var publicAddress = firewall.Properties.IpConfigurations.Select(c => c.Properties.PublicIPAddress?.Id).OfType<string>()
            .Select(id => Address(publicIps.GetValueOrDefault(id))).FirstOrDefault(a => a is not null);
        var name = firewall.Name ?? "";

        // Classic rules: natRuleCollections with action Dnat (learn.microsoft.com/azure/firewall/rule-processing).
        foreach (var collection in firewall.Properties.NatRuleCollections)
        {
            if (!string.Equals(collection.Properties.Action?.Type, "Dnat", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var rule in collection.Properties.Rules)
                AddDnat(name, null, collection.Name ?? "", rule, rule.Protocols, publicAddress, privateIp);
        }
        // Policy rules: NAT rule collections of the rule collection groups of the firewall's policy.
        if (firewall.Properties.FirewallPolicy?.Id is { } policyId)
        {
            var policyName = policyId[(policyId.LastIndexOf('/') + 1)..];
            foreach (var group in groups.Where(g => g.Id!.StartsWith(policyId + "/ruleCollectionGroups/", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var collection in group.Properties.RuleCollections)
                {
                    if (!string.Equals(collection.RuleCollectionType, "FirewallPolicyNatRuleCollection", StringComparison.OrdinalIgnoreCase)
                        || !string.Equals(collection.Action?.Type, "DNAT", StringComparison.OrdinalIgnoreCase)) continue;
                    foreach (var rule in collection.Rules)
                        AddDnat(name, policyName, $"{group.Name}/{collection.Name}", rule, rule.IpProtocols, publicAddress, privateIp);
                }
            }
        }
    }

    private void AddDnat(string firewall, string? policy, string collection, FirewallNatRule rule, IReadOnlyList<string>? protocols, string? publicAddress, IPAddress? privateIp)
    {
        // A translated FQDN is resolved by the firewall at run time: not matched to a VM here.
        if (rule.TranslatedAddress is not { Length: > 0 } translated
            || !int.TryParse(rule.TranslatedPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port)) return;
        var frontend = rule.DestinationAddresses?.FirstOrDefault(a => a is not ("*" or "")) ?? publicAddress;
        var door = new FirewallDoor(firewall, policy, collection, rule.Name ?? "", frontend, string.Join(",", rule.DestinationPorts ?? ["*"]),
            rule.SourceAddresses ?? [], rule.SourceIpGroups ?? [], port, protocols is { Count: > 0 } ? protocols : ["Any"], privateIp);
        Add(_byTranslatedAddress, translated.Trim(), door);
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    /// <summary>Load balancer doors to an ip configuration: NAT rules it names or that name it, and rules whose pool holds it.</summary>
    public IReadOnlyList<LoadBalancerDoor> LoadBalancerDoors(string? ipConfigurationId, IpConfigurationProperties properties)
    {
        var doors = new List<LoadBalancerDoor>();
        if (ipConfigurationId is not null && _byIpConfiguration.TryGetValue(ipConfigurationId, out var direct)) doors.AddRange(direct);
        foreach (var nat in properties.LoadBalancerInboundNatRules ?? [])
        {
            if (_byNatRule.TryGetValue(nat.Id, out var door)) doors.Add(door);
        }
        foreach (var pool in properties.LoadBalancerBackendAddressPools ?? [])
        {
            if (_byPool.TryGetValue(pool.Id, out var pooled)) doors.AddRange(pooled);
        }
        // Not "? [] : list": that [] would be a new List each time (the conditional's type), one per ip configuration.
        if (doors.Count == 0) return [];
        return doors.Distinct().ToList();
    }

    /// <summary>Firewall DNAT rules that translate to this private address.</summary>
    public IReadOnlyList<FirewallDoor> FirewallDoors(string? privateIp) =>
        privateIp is not null && _byTranslatedAddress.TryGetValue(privateIp, out var doors) ? (IReadOnlyList<FirewallDoor>)doors : [];

    /// <summary>The admin rules in force on the subnet's VNet, or why they are not known.</summary>
    public (IReadOnlyList<AdminRuleInput> Rules, string? UnknownReason) AdminRules(string? subnetId)
    {
        if (subnetId is null) return ([], null);
        var cut = subnetId.LastIndexOf("/subnets/", StringComparison.OrdinalIgnoreCase);
        if (cut < 0) return ([], null);
        var vnetId = subnetId[..cut];
        if (_adminRulesByVnet.TryGetValue(vnetId, out var known)) return (known, null);
        if (_inventory.AdminRulesByVirtualNetwork.TryGetValue(vnetId.ToLowerInvariant(), out var rules))
        {
            IReadOnlyList<AdminRuleInput> inputs = rules.Select(ToInput).OfType<AdminRuleInput>().ToList();
            if (inputs.Count == 0) inputs = [];
            _adminRulesByVnet[vnetId] = inputs;
            return (inputs, null);
        }
        return ([], _inventory.UnreadableReason(InventorySource.NetworkManagerAdminRules));
    }

    /// <summary>An inbound admin rule as the evaluator reads it; outbound ones are left out.</summary>
    public static AdminRuleInput? ToInput(EffectiveSecurityAdminRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var p = rule.Properties;
        if (!string.Equals(p.Direction, "Inbound", StringComparison.OrdinalIgnoreCase)) return null;
        var access = p.Access switch
        {
            var a when string.Equals(a, "Deny", StringComparison.OrdinalIgnoreCase) => AdminAccess.Deny,
            var a when string.Equals(a, "AlwaysAllow", StringComparison.OrdinalIgnoreCase) => AdminAccess.AlwaysAllow,
            _ => AdminAccess.Allow,
        };
        var name = rule.Id is { } id ? id[(id.LastIndexOf('/') + 1)..] : "admin rule";
        static IReadOnlyList<string> Addresses(IReadOnlyList<AdminAddress>? list) => (list ?? []).Select(a => a.AddressPrefix).OfType<string>().ToList();
        var sources = Addresses(p.Sources);
        return new AdminRuleInput(name, p.Priority ?? int.MaxValue, access, p.Protocol ?? "Any",
            sources.Count == 0 ? ["*"] : sources, Addresses(p.Destinations), p.DestinationPortRanges ?? []);
    }
}
