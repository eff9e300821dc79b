using System.Globalization;
using System.Net;

namespace JitDashboard.Platform.Estate.Exposure;

/// <summary>
/// Every door from the Internet to a VM (issue 17), each judged hop by hop. The rules, each with the Azure doc it follows:
/// <list type="bullet">
/// <item>Public IP on the NIC: NSG docs (learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works).</item>
/// <item>Public load balancer NAT and load-balancing rules: the load balancer keeps the client's address, so the NSGs judge the
/// backend port with the client's own source (learn.microsoft.com/azure/load-balancer/load-balancer-overview, "secure by
/// default"; learn.microsoft.com/azure/load-balancer/inbound-nat-rules). A Standard load balancer is closed to inbound flows
/// unless an NSG opens them, a Basic one is open (learn.microsoft.com/azure/load-balancer/skus).</item>
/// <item>Azure Firewall DNAT: the firewall translates the destination and SNATs the source to its own private address, so the
/// VM's NSGs see VNet traffic; the DNAT rule's source addresses decide who gets in
/// (learn.microsoft.com/azure/firewall/tutorial-firewall-dnat, learn.microsoft.com/azure/firewall/integrate-lb).</item>
/// <item>AVNM security admin rules are evaluated before NSGs: Deny blocks, AlwaysAllow admits whatever NSGs say, Allow hands
/// over to the NSGs (learn.microsoft.com/azure/virtual-network-manager/concept-security-admins).</item>
/// <item>Application security groups: a destination-ASG rule applies to member ip configurations only; a source-ASG rule
/// matches the members' traffic, never the Internet (learn.microsoft.com/azure/virtual-network/application-security-groups).</item>
/// <item>AzureCloud (and AzureCloud.region) as a source is every Azure tenant's address space: anyone can rent a VM there, so an
/// allow from it counts as Open (learn.microsoft.com/azure/virtual-network/service-tags-overview).</item>
/// </list>
/// JIT: its deny rules live in NSGs, so they close public IP and load balancer paths; it cannot close a door an AVNM
/// AlwaysAllow rule opens, and it works with Azure Firewall only with classic rules, not Firewall Manager policies
/// (learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-usage, "Azure Firewall").
/// </summary>
public static partial class ExposureEvaluator
{
    public const string AlwaysAllowJitReason =
        "JIT cannot protect this path: an Azure Virtual Network Manager AlwaysAllow admin rule admits the traffic before any NSG is evaluated, and JIT's deny rules live in NSGs.";

    public const string FirewallPolicyJitReason =
        "JIT cannot protect this path: JIT works with Azure Firewall only when the firewall uses classic rules, not a Firewall Manager policy; this DNAT rule stays open whatever JIT does.";

    private static PortDecision EvaluateAllPaths(IReadOnlyList<NicInput> nics, int port)
    {
        var paths = new List<PathDecision>();
        string? doorsUnknown = null;
        string? adminUnknown = null;
        foreach (var nic in nics)
        {
            foreach (var ipConfiguration in nic.IpConfigurations)
            {
                var before = paths.Count;
                if (ipConfiguration.PublicIp is { } publicIp)
                {
                    // With no NSG anywhere, a Basic public IP is open by default and a Standard one is closed to inbound traffic
                    // (learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses, "SKU").
                    var basic = string.Equals(publicIp.Sku, "Basic", StringComparison.OrdinalIgnoreCase);
                    var door = new PathHop(HopKind.Door, $"Public IP {publicIp.Address ?? "(not allocated)"}",
                        $"{publicIp.Sku} public IP on {nic.Name}/{ipConfiguration.Name} → port {port}", null, false);
                    paths.Add(EvaluateClientPath(nic, ipConfiguration, port, PathKind.PublicIp, publicIp.Address, door, basic,
                        basic ? "No NSG on the NIC or its subnet, and a Basic public IP is open by default."
                              : "No NSG on the NIC or its subnet, and a Standard public IP is closed to inbound traffic by default."));
                }
                // Load balancer rules forward the frontend port to the backend port: the NSGs see the backend port.
                foreach (var lb in ipConfiguration.LoadBalancerDoors.Where(d => d.BackendPort == port && IsTcpOrAll(d.Protocol)))
                {
                    var basic = string.Equals(lb.Sku, "Basic", StringComparison.OrdinalIgnoreCase);
                    var what = lb.Kind == PathKind.LoadBalancerNat ? "inbound NAT rule" : "load-balancing rule";
                    var door = new PathHop(HopKind.Door, $"Load balancer {lb.LoadBalancer} {what} {lb.RuleName}",
                        $"{lb.FrontendAddress ?? "(frontend address not allocated)"}:{lb.FrontendPort?.ToString(CultureInfo.InvariantCulture) ?? "*"} → {nic.Name}/{ipConfiguration.Name} port {port} ({lb.Sku} SKU)", null, false);
                    paths.Add(EvaluateClientPath(nic, ipConfiguration, port, lb.Kind, lb.FrontendAddress, door, basic,
                        basic ? "No NSG on the NIC or its subnet, and a Basic load balancer is open by default."
                              : "No NSG on the NIC or its subnet, and a Standard load balancer is closed to inbound flows unless an NSG opens them."));
                }
                foreach (var firewall in ipConfiguration.FirewallDoors.Where(d => d.TranslatedPort == port && d.Protocols.Any(IsTcpOrAll)))
                    paths.Add(EvaluateFirewallPath(nic, ipConfiguration, port, firewall));

                doorsUnknown ??= ipConfiguration.DoorsUnknownReason;
                // An admin rule could close an open door (Deny) or open a closed one (AlwaysAllow): with doors and no admin
                // rules to go by, no verdict is claimed.
                if (ipConfiguration.AdminRulesUnknownReason is { } adminReason && paths.Count > before)
                    adminUnknown ??= adminReason;
            }
        }

        if (adminUnknown is not null)
            return new PortDecision(port, PortExposure.Unknown, [], paths) { UnknownReason = adminUnknown };
        if (paths.Any(p => p.Exposure == PortExposure.Open))
            return new PortDecision(port, PortExposure.Open, ["*"], paths);
        // A door that could not be read may be open: only an Open port stands without it.
        var unknownPath = paths.FirstOrDefault(p => p.Exposure == PortExposure.Unknown);
        if (doorsUnknown is not null || unknownPath is not null)
            return new PortDecision(port, PortExposure.Unknown, [], paths) { UnknownReason = doorsUnknown ?? unknownPath!.Reason };
        var sources = paths.SelectMany(p => p.Sources).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return new PortDecision(port, sources.Count > 0 ? PortExposure.Restricted : PortExposure.Closed, sources, paths);
    }

    private static bool IsTcpOrAll(string protocol) =>
        protocol is "*" || protocol.Equals("Tcp", StringComparison.OrdinalIgnoreCase) || protocol.Equals("All", StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("Any", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A path on which the VM sees the client's own address (public IP, load balancer): admin rules, then subnet NSG, then
    /// NIC NSG; what gets through is what admin rules always allow, plus what they hand over and both NSGs allow.
    /// </summary>
    private static PathDecision EvaluateClientPath(NicInput nic, IpConfigInput ipConfiguration, int port, PathKind kind, string? address,
        PathHop door, bool openWithoutNsg, string noNsgReason)
    {
        var hops = new List<PathHop> { door };
        var admin = WalkAdminRules(ipConfiguration.AdminRules, port, ipConfiguration.PrivateIp);
        var adminStart = hops.Count;
        hops.AddRange(admin.Hops);

        var levels = new List<(NsgLevel Level, NsgInput Nsg)>();
        if (ipConfiguration.SubnetNsg is { } subnetNsg) levels.Add((NsgLevel.Subnet, subnetNsg));
        if (nic.Nsg is { } nicNsg) levels.Add((NsgLevel.NetworkInterface, nicNsg));

        var steps = new List<RuleStep>();
        SourceSet nsgAllowed;
        if (levels.Count == 0)
        {
            nsgAllowed = openWithoutNsg ? SourceSet.AnyExcept([]) : SourceSet.Only([]);
            hops.Add(new PathHop(HopKind.Default, "No NSG", noNsgReason, openWithoutNsg ? "Allow" : "Deny", false));
        }
        else
        {
            SourceSet? allowed = null;
            foreach (var (level, nsg) in levels)
            {
                var result = EvaluateNsg(level, nsg, port, ipConfiguration.PrivateIp, ipConfiguration.Asgs, steps);
                allowed = allowed is null ? result : allowed.Intersect(result);
            }
            nsgAllowed = allowed!;
        }
        var nsgStart = hops.Count;
        hops.AddRange(steps.Select(ToHop));

        var through = Union(admin.Always, admin.Deferred.Intersect(nsgAllowed));
        var exposure = through.IsOpen ? PortExposure.Open : through.Prefixes.Count > 0 ? PortExposure.Restricted : PortExposure.Closed;
        var sources = through.IsOpen ? ["*"] : through.Prefixes.Select(p => p.Text).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

        // The deciding hop: an admin rule that took every Internet address (Deny or AlwaysAllow), else the NSG rule (or the
        // platform default) that decided.
        int decider;
        string reason;
        if (admin.DeciderIndex is { } adminIndex && admin.DeciderAccess != AdminAccess.Allow)
        {
            decider = adminStart + adminIndex;
            reason = exposure switch
            {
                PortExposure.Open => $"Open to any Internet address by admin rule '{admin.Hops[adminIndex].Name}' ({admin.DeciderAccess}), whatever the NSGs say.",
                PortExposure.Restricted => $"Restricted to {string.Join(", ", sources)}: admin rule '{admin.Hops[adminIndex].Name}' ({admin.DeciderAccess}) decides before the NSGs.",
                _ => $"Closed by admin rule '{admin.Hops[adminIndex].Name}' (Deny), whatever the NSGs say.",
            };
        }
        else if (levels.Count == 0)
        {
            decider = hops.FindIndex(h => h.Kind == HopKind.Default);
            reason = noNsgReason;
        }
        else
        {
            var decisive = DecisiveStep(exposure, steps);
            decider = decisive is null ? -1 : nsgStart + steps.IndexOf(decisive);
            reason = Explain(exposure, sources, steps);
        }
        if (decider >= 0)
            hops[decider] = hops[decider] with { Decisive = true };

        var through2 = kind == PathKind.PublicIp ? reason : $"{KindLabel(kind)}: {reason}";
        return new PathDecision(nic.Name, ipConfiguration.Name, address, exposure, sources, steps, through2)
        {
            Kind = kind,
            Hops = hops,
            JitCannotProtectReason = exposure != PortExposure.Closed && admin.AlwaysAllowed ? AlwaysAllowJitReason : null,
        };
    }

    /// <summary>
    /// A firewall DNAT path: the rule's sources decide who gets in; behind the firewall the VM sees the firewall's own
    /// private address (SNAT), which admin rules and NSGs must let through to the translated port.
    /// </summary>
    private static PathDecision EvaluateFirewallPath(NicInput nic, IpConfigInput ipConfiguration, int port, FirewallDoor door)
    {
        var hops = new List<PathHop>();
        var dnatSources = door.Sources.Select(AddressPrefix.Parse).Where(p => !p.IsNonInternet).ToList();
        var anyone = dnatSources.Any(p => p.IsAnyInternet || IsAzureCloud(p));
        var where = door.Policy is null ? $"classic rule collection {door.Collection}" : $"policy {door.Policy}, rule collection {door.Collection}";
        var sourceText = door.Sources.Concat(door.SourceIpGroups.Select(g => "IP group " + g)).DefaultIfEmpty("(none)");
        hops.Add(new PathHop(HopKind.Door, $"Azure Firewall {door.Firewall} DNAT rule {door.RuleName}",
            $"{door.FrontendAddress ?? "(firewall address)"}:{door.DestinationPorts} → {ipConfiguration.PrivateIp}:{port} ({where}); sources {string.Join(", ", sourceText)}",
            "Allow", false));

        // Inside: the firewall's address, a VNet address, meets the admin rules and the NSGs.
        var firewallIp = door.FirewallPrivateAddress;
        var insideAllowed = true;
        var decider = -1;
        var alwaysAllowed = false;
        var adminDecided = false;
        foreach (var rule in ipConfiguration.AdminRules.OrderBy(r => r.Priority))
        {
            if (!AdminRuleMatches(rule, port, ipConfiguration.PrivateIp) || !rule.Sources.Select(AddressPrefix.Parse).Any(s => ContainsVnetAddress(s, firewallIp)))
                continue;
            hops.Add(new PathHop(HopKind.AdminRule, rule.Name, $"priority {rule.Priority}, {rule.Access} from {string.Join(", ", rule.Sources)}", rule.Access.ToString(), false));
            if (rule.Access == AdminAccess.Allow) break;
            adminDecided = true;
            decider = hops.Count - 1;
            insideAllowed = rule.Access == AdminAccess.AlwaysAllow;
            alwaysAllowed = insideAllowed;
            break;
        }
        if (!adminDecided)
        {
            var levels = new List<(NsgLevel Level, NsgInput Nsg)>();
            if (ipConfiguration.SubnetNsg is { } subnetNsg) levels.Add((NsgLevel.Subnet, subnetNsg));
            if (nic.Nsg is { } nicNsg) levels.Add((NsgLevel.NetworkInterface, nicNsg));
            foreach (var (level, nsg) in levels)
            {
                var match = Prepare(nsg).FirstOrDefault(r => r.TcpOrAny && MatchesPort(r.Rule.DestinationPorts, port)
                    && MatchesDestination(r, ipConfiguration.PrivateIp, ipConfiguration.Asgs)
                    && r.Rule.SourceAsgs.Count == 0 // the firewall is in no application security group
                    && r.Rule.SourcePrefixes.Select(AddressPrefix.Parse).Any(s => ContainsVnetAddress(s, firewallIp)));
                if (match is null) continue; // cannot happen with the defaults (DenyAllInBound matches everything)
                var rule = match.Rule;
                hops.Add(new PathHop(HopKind.NsgRule, $"{nsg.Name}/{rule.Name}",
                    $"{(level == NsgLevel.Subnet ? "subnet" : "NIC")} NSG, priority {rule.Priority}, {rule.Access} from {string.Join(", ", rule.SourcePrefixes)} (the firewall's address {firewallIp?.ToString() ?? "in the VNet"})",
                    rule.Access.ToString(), false));
                if (rule.Access == RuleAccess.Deny)
                {
                    insideAllowed = false;
                    decider = hops.Count - 1;
                    break;
                }
            }
        }

        PortExposure exposure;
        IReadOnlyList<string> sources;
        string reason;
        if (!insideAllowed)
        {
            (exposure, sources) = (PortExposure.Closed, []);
            reason = $"Firewall DNAT: closed at '{hops[decider].Name}', which denies the firewall's translated traffic.";
        }
        else if (anyone)
        {
            (exposure, sources) = (PortExposure.Open, ["*"]);
            decider = decider >= 0 && alwaysAllowed ? decider : 0;
            reason = $"Firewall DNAT: open to any Internet address by DNAT rule '{door.RuleName}' of firewall '{door.Firewall}' ({where}).";
        }
        else if (door.SourceIpGroups.Count > 0)
        {
            (exposure, sources) = (PortExposure.Unknown, []);
            decider = 0;
            reason = $"Firewall DNAT: rule '{door.RuleName}' admits IP groups ({string.Join(", ", door.SourceIpGroups)}), whose addresses are not read: not known who gets in.";
        }
        else
        {
            sources = dnatSources.Select(p => p.Text).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            exposure = sources.Count > 0 ? PortExposure.Restricted : PortExposure.Closed;
            decider = 0;
            reason = exposure == PortExposure.Restricted
                ? $"Firewall DNAT: restricted to {string.Join(", ", sources)} by DNAT rule '{door.RuleName}' of firewall '{door.Firewall}'."
                : $"Firewall DNAT: rule '{door.RuleName}' admits no Internet address.";
        }
        hops[decider] = hops[decider] with { Decisive = true };
        var jit = exposure is PortExposure.Closed ? null
            : alwaysAllowed ? AlwaysAllowJitReason
            : door.Policy is not null ? FirewallPolicyJitReason
            : null;
        return new PathDecision(nic.Name, ipConfiguration.Name, door.FrontendAddress, exposure, sources, [], reason)
        {
            Kind = PathKind.FirewallDnat,
            Hops = hops,
            JitCannotProtectReason = jit,
        };
    }

    private static string KindLabel(PathKind kind) => kind switch
    {
        PathKind.LoadBalancerNat => "Load balancer NAT rule",
        PathKind.LoadBalancerRule => "Load balancer rule",
        PathKind.FirewallDnat => "Firewall DNAT",
        _ => "Public IP",
    };

    private static PathHop ToHop(RuleStep step) => new(HopKind.NsgRule, $"{step.NsgName}/{step.RuleName}",
        $"{(step.Level == NsgLevel.Subnet ? "subnet" : "NIC")} NSG, priority {step.Priority}{(step.IsDefault ? " (default)" : "")}, {step.Access} from {string.Join(", ", step.Sources)}",
        step.Access.ToString(), false);

    /// <summary>The step that decided, as <see cref="Explain"/> names it.</summary>
    private static RuleStep? DecisiveStep(PortExposure exposure, IReadOnlyList<RuleStep> steps) =>
        steps.LastOrDefault(s => s.Decisive && (exposure == PortExposure.Closed ? s.Access == RuleAccess.Deny : s.Access == RuleAccess.Allow))
            ?? (steps.Count > 0 ? steps[^1] : null);

    /// <summary>AzureCloud and AzureCloud.region: every Azure tenant's addresses (service-tags-overview.md).</summary>
    private static bool IsAzureCloud(AddressPrefix prefix) =>
        prefix.IsTag && (prefix.Text.Equals("AzureCloud", StringComparison.OrdinalIgnoreCase) || prefix.Text.StartsWith("AzureCloud.", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a rule's source covers an address inside the VNet (the firewall's): `*`, VirtualNetwork, or a prefix holding it; never `Internet`.</summary>
    private static bool ContainsVnetAddress(AddressPrefix prefix, IPAddress? address)
    {
        if (prefix.Text is "*" || prefix.Text.Equals("Any", StringComparison.OrdinalIgnoreCase)) return true;
        if (prefix.Text.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) return true;
        return address is not null && prefix.Network is { } n && n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address);
    }

    private static bool AdminRuleMatches(AdminRuleInput rule, int port, IPAddress? privateIp)
    {
        if (!IsTcpOrAll(rule.Protocol)) return false;
        if (rule.DestinationPorts.Count > 0 && !MatchesPort(rule.DestinationPorts, port)) return false;
        if (rule.Destinations.Count == 0) return true;
        foreach (var destination in rule.Destinations.Select(AddressPrefix.Parse))
        {
            if (destination.Text is "*" || destination.Text.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase) || destination.Network is { PrefixLength: 0 }) return true;
            if (privateIp is not null && destination.Network is { } n && n.BaseAddress.AddressFamily == privateIp.AddressFamily && n.Contains(privateIp)) return true;
        }
        return false;
    }

    private sealed record AdminWalk(SourceSet Always, SourceSet Deferred, IReadOnlyList<PathHop> Hops, int? DeciderIndex, AdminAccess? DeciderAccess)
    {
        public bool AlwaysAllowed => Always.IsOpen || Always.Prefixes.Count > 0;
    }

    /// <summary>
    /// Admin rules by priority, first match decides for each source: what they always allow, what they hand to the NSGs
    /// (Allow, or no admin rule matching), the rest denied.
    /// </summary>
    private static AdminWalk WalkAdminRules(IReadOnlyList<AdminRuleInput> rules, int port, IPAddress? privateIp)
    {
        var hops = new List<PathHop>();
        var decided = new List<AddressPrefix>();
        var always = new List<AddressPrefix>();
        var deferred = new List<AddressPrefix>();
        var denied = new List<AddressPrefix>();
        foreach (var rule in rules.OrderBy(r => r.Priority))
        {
            if (!AdminRuleMatches(rule, port, privateIp)) continue;
            var sources = rule.Sources.Select(AddressPrefix.Parse).Where(p => !p.IsNonInternet).ToList();
            if (sources.Count == 0) continue;
            var any = sources.Any(p => p.IsAnyInternet || (rule.Access != AdminAccess.Deny && IsAzureCloud(p)));
            if (any)
            {
                hops.Add(new PathHop(HopKind.AdminRule, rule.Name, $"priority {rule.Priority}, {rule.Access} from {string.Join(", ", rule.Sources)}", rule.Access.ToString(), false));
                var index = hops.Count - 1;
                return rule.Access switch
                {
                    AdminAccess.Deny => new AdminWalk(SourceSet.Only(always), SourceSet.Only(deferred), hops, index, AdminAccess.Deny),
                    AdminAccess.AlwaysAllow => new AdminWalk(SourceSet.AnyExcept([.. denied, .. deferred]), SourceSet.Only(deferred), hops, index, AdminAccess.AlwaysAllow),
                    _ => new AdminWalk(SourceSet.Only(always), SourceSet.AnyExcept([.. denied, .. always]), hops, index, AdminAccess.Allow),
                };
            }
            var fresh = sources.Where(p => !decided.Any(d => d.Contains(p))).ToList();
            if (fresh.Count == 0) continue;
            hops.Add(new PathHop(HopKind.AdminRule, rule.Name, $"priority {rule.Priority}, {rule.Access} from {string.Join(", ", fresh.Select(p => p.Text))}", rule.Access.ToString(), false));
            (rule.Access switch { AdminAccess.Deny => denied, AdminAccess.AlwaysAllow => always, _ => deferred }).AddRange(fresh);
            decided.AddRange(fresh);
        }
        return new AdminWalk(SourceSet.Only(always), SourceSet.AnyExcept([.. denied, .. always]), hops, null, null);
    }

    /// <summary>
    /// Our answer to the question IP flow verify asks Azure: does one TCP packet from <paramref name="source"/> to the ip
    /// configuration's private address and <paramref name="port"/> get in? Admin rules, then subnet NSG, then NIC NSG; the
    /// deciding rule named as Azure names it (<c>securityRules/x</c>, <c>defaultSecurityRules/x</c>, <c>securityAdminRules/x</c>).
    /// </summary>
    public static (bool Allowed, string RuleName) VerifyFlow(NicInput nic, IpConfigInput ipConfiguration, int port, IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(nic);
        ArgumentNullException.ThrowIfNull(ipConfiguration);
        ArgumentNullException.ThrowIfNull(source);
        foreach (var rule in ipConfiguration.AdminRules.OrderBy(r => r.Priority))
        {
            if (!AdminRuleMatches(rule, port, ipConfiguration.PrivateIp) || !rule.Sources.Select(AddressPrefix.Parse).Any(s => ContainsInternetAddress(s, source, rule.Access != AdminAccess.Deny)))
                continue;
            if (rule.Access == AdminAccess.Deny) return (false, "securityAdminRules/" + rule.Name);
            if (rule.Access == AdminAccess.AlwaysAllow) return (true, "securityAdminRules/" + rule.Name);
            break;
        }
        var last = "";
        foreach (var nsg in new[] { ipConfiguration.SubnetNsg, nic.Nsg })
        {
            if (nsg is null) continue;
            var match = Prepare(nsg).FirstOrDefault(r => r.TcpOrAny && MatchesPort(r.Rule.DestinationPorts, port)
                && MatchesDestination(r, ipConfiguration.PrivateIp, ipConfiguration.Asgs)
                && r.Rule.SourceAsgs.Count == 0
                && r.Rule.SourcePrefixes.Select(AddressPrefix.Parse).Any(s => ContainsInternetAddress(s, source, false)));
            if (match is null) return (false, "");
            var name = $"{(match.Rule.IsDefault ? "defaultSecurityRules" : "securityRules")}/{match.Rule.Name}";
            if (match.Rule.Access == RuleAccess.Deny) return (false, name);
            last = name;
        }
        return (true, last);
    }

    /// <summary>Whether a rule's source covers one Internet address (`Internet` does; VirtualNetwork does not).</summary>
    private static bool ContainsInternetAddress(AddressPrefix prefix, IPAddress address, bool azureCloudCounts)
    {
        if (prefix.IsAnyInternet) return true;
        if (azureCloudCounts && IsAzureCloud(prefix)) return true;
        return prefix.Network is { } n && n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address);
    }

    /// <summary>Sources that get through either way.</summary>
    private static SourceSet Union(SourceSet a, SourceSet b)
    {
        if (a.IsOpen && b.IsOpen) return SourceSet.AnyExcept(a.Prefixes.Where(p => b.Prefixes.Any(x => x.Contains(p))).ToList());
        if (a.IsOpen) return SourceSet.AnyExcept(a.Prefixes.Where(p => !b.Prefixes.Any(x => x.Contains(p))).ToList());
        if (b.IsOpen) return Union(b, a);
        return SourceSet.Only(a.Prefixes.Concat(b.Prefixes).DistinctBy(p => p.Text, StringComparer.OrdinalIgnoreCase).ToList());
    }
}
