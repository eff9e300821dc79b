using System.Net;

namespace JitDashboard.Platform.Estate.Exposure;

/// <summary>How far the Internet reaches a port: Open (any address), Restricted (listed prefixes only) or Closed.</summary>
public enum PortExposure
{
    Closed,
    Restricted,
    Open,

    /// <summary>A source the verdict needs could not be read: neither Open nor Closed is claimed.</summary>
    Unknown,
}

public enum RuleAccess
{
    Allow,
    Deny,
}

/// <summary>Inbound traffic meets the subnet's NSG first, then the NIC's.</summary>
public enum NsgLevel
{
    Subnet,
    NetworkInterface,
}

/// <summary>One inbound security rule, singular and plural ARM fields already folded into lists.</summary>
public sealed record NsgRule(
    string Name,
    int Priority,
    RuleAccess Access,
    string Protocol,
    IReadOnlyList<string> SourcePrefixes,
    IReadOnlyList<string> DestinationPorts,
    IReadOnlyList<string> DestinationPrefixes,
    bool IsDefault = false)
{
    /// <summary>Application security groups (lower-case ids) the rule's source names; such a rule never matches the Internet.</summary>
    public IReadOnlyList<string> SourceAsgs { get; init; } = [];

    /// <summary>Application security groups (lower-case ids) the rule's destination names: it applies to member ip configurations only.</summary>
    public IReadOnlyList<string> DestinationAsgs { get; init; } = [];
}

/// <summary>An NSG's inbound rules (custom and default; the three defaults are added when absent).</summary>
public sealed record NsgInput(string Id, string Name, IReadOnlyList<NsgRule> InboundRules);

public sealed record PublicIpInput(string Id, string? Address, string Sku);

/// <summary>One NIC ip configuration with what the evaluator needs of its subnet and public IP.</summary>
public sealed record IpConfigInput(string Name, IPAddress? PrivateIp, PublicIpInput? PublicIp, NsgInput? SubnetNsg)
{
    /// <summary>Application security groups (lower-case ids) this ip configuration is a member of.</summary>
    public IReadOnlySet<string> Asgs { get; init; } = new HashSet<string>();

    /// <summary>Public load balancer NAT rules and load-balancing rules that lead to this ip configuration.</summary>
    public IReadOnlyList<LoadBalancerDoor> LoadBalancerDoors { get; init; } = [];

    /// <summary>Azure Firewall DNAT rules (classic or policy) that translate to this ip configuration's private address.</summary>
    public IReadOnlyList<FirewallDoor> FirewallDoors { get; init; } = [];

    /// <summary>AVNM security admin rules in force on the ip configuration's virtual network (by priority); empty when none.</summary>
    public IReadOnlyList<AdminRuleInput> AdminRules { get; init; } = [];

    /// <summary>Why a door source (load balancers, firewalls) could not be read: a port not Open otherwise is then Unknown.</summary>
    public string? DoorsUnknownReason { get; init; }

    /// <summary>Why the VNet's admin rules could not be read: every path's verdict is then Unknown (a Deny or AlwaysAllow could change it).</summary>
    public string? AdminRulesUnknownReason { get; init; }
}

public sealed record NicInput(string Id, string Name, NsgInput? Nsg, IReadOnlyList<IpConfigInput> IpConfigurations);

/// <summary>A rule that took part in the decision at one level, in evaluation order.</summary>
public sealed record RuleStep(NsgLevel Level, string NsgName, string RuleName, int Priority, RuleAccess Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);

/// <summary>The decision for one port along one path (a door from the Internet to a NIC ip configuration).</summary>
public sealed record PathDecision(
    string NetworkInterface,
    string IpConfiguration,
    string? PublicIpAddress,
    PortExposure Exposure,
    IReadOnlyList<string> Sources,
    IReadOnlyList<RuleStep> Steps,
    string Reason)
{
    /// <summary>The kind of door.</summary>
    public PathKind Kind { get; init; } = PathKind.PublicIp;

    /// <summary>Every hop from the Internet to the VM (door, admin rules, NSG rules) in order; one of them decided.</summary>
    public IReadOnlyList<PathHop> Hops { get; init; } = [];

    /// <summary>Why JIT cannot close this path (AVNM AlwaysAllow; a Firewall Policy DNAT rule); null when JIT's deny rules can.</summary>
    public string? JitCannotProtectReason { get; init; }
}

/// <summary>A management port's exposure over all of a VM's paths, with the paths that decided it.</summary>
public sealed record PortDecision(int Port, PortExposure Exposure, IReadOnlyList<string> Sources, IReadOnlyList<PathDecision> Paths)
{
    private static readonly IReadOnlyList<string> AnySource = ["*"];

    // A decision kept in the estate holds no paths: they are walked again from the VM's network (its NicInputs, which
    // the estate keeps anyway) when the drawer, the API or a planner asks. Hops, steps and their reason texts were most
    // of a VM's facts (issue 18); the walk is pure, so the paths come out the same.
    private IReadOnlyList<PathDecision>? _paths = Paths;
    private IReadOnlyList<NicInput>? _network;
    private IReadOnlyList<PathKind>? _via;

    /// <summary>Every path to this port, each with its hops and verdict.</summary>
    public IReadOnlyList<PathDecision> Paths
    {
        get => _paths ?? ExposureEvaluator.EvaluatePort(_network!, Port).Paths;
        init
        {
            _paths = value;
            _network = null;
            _via = null;
        }
    }

    /// <summary>With <see cref="PortExposure.Unknown"/>: which source could not be read.</summary>
    public string? UnknownReason { get; init; }

    public string Reason => UnknownReason
        ?? (Paths.Count == 0 ? "No public IP, public load balancer rule or firewall DNAT rule leads to this VM: no door from the Internet." : string.Join(" ", Paths.Select(p => p.Reason).Distinct()));

    public static PortDecision Unknown(int port, string reason) => new(port, PortExposure.Unknown, [], []) { UnknownReason = reason };

    /// <summary>The kinds of path through which the port is reachable (Open or Restricted); empty when Closed.</summary>
    public IReadOnlyList<PathKind> Via => _via ?? ViaOf(Paths);

    /// <summary>
    /// This decision without its paths, which are walked again from <paramref name="network"/> (the inputs it was
    /// decided from) when asked for: what the estate keeps per VM and port.
    /// </summary>
    public PortDecision WithoutPaths(IReadOnlyList<NicInput> network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var via = ViaOf(Paths);
        var sources = Sources.Count == 0 ? [] : Sources is [ "*" ] ? AnySource : Sources;
        return this with { Sources = sources, _paths = null, _network = network, _via = via.Count == 0 ? [] : via };
    }

    private static IReadOnlyList<PathKind> ViaOf(IReadOnlyList<PathDecision> paths) =>
        paths.Where(p => p.Exposure is PortExposure.Open or PortExposure.Restricted).Select(p => p.Kind).Distinct().Order().ToList();
}

/// <summary>The doors from the Internet to a VM's management port (issue 17).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PathKind>))]
public enum PathKind
{
    /// <summary>A public IP on the NIC ip configuration.</summary>
    PublicIp,

    /// <summary>A public load balancer's inbound NAT rule to the ip configuration.</summary>
    LoadBalancerNat,

    /// <summary>A public load balancer's load-balancing rule whose backend pool holds the ip configuration.</summary>
    LoadBalancerRule,

    /// <summary>An Azure Firewall DNAT rule (classic or Firewall Policy) translating to the VM's private address.</summary>
    FirewallDnat,
}

/// <summary>What a hop of a path is.</summary>
public enum HopKind
{
    /// <summary>Where the Internet gets in: a public IP, a load balancer frontend and rule, a firewall DNAT rule.</summary>
    Door,

    /// <summary>An Azure Virtual Network Manager security admin rule (evaluated before NSGs).</summary>
    AdminRule,

    /// <summary>An NSG rule (subnet, then NIC).</summary>
    NsgRule,

    /// <summary>A default of the platform (no NSG: Basic open, Standard closed).</summary>
    Default,
}

/// <summary>One hop of a path: what it is, what it says, and whether it decided the verdict.</summary>
public sealed record PathHop(HopKind Kind, string Name, string Detail, string? Access, bool Decisive);

/// <summary>A public load balancer rule (NAT or load-balancing) that forwards a frontend port to a backend port of an ip configuration.</summary>
public sealed record LoadBalancerDoor(
    PathKind Kind, string LoadBalancer, string Sku, string RuleName, string? FrontendAddress, int? FrontendPort, int BackendPort, string Protocol);

/// <summary>An Azure Firewall DNAT rule translating to an ip configuration's private address.</summary>
/// <param name="Policy">The Firewall Policy that holds the rule; null for a classic rule.</param>
/// <param name="Sources">The rule's source addresses (`*`, addresses, CIDRs).</param>
/// <param name="SourceIpGroups">IP groups named as sources (their addresses are not read).</param>
/// <param name="FirewallPrivateAddress">The firewall's own private address: what the VM's NSGs see as source (SNAT).</param>
public sealed record FirewallDoor(
    string Firewall, string? Policy, string Collection, string RuleName, string? FrontendAddress, string DestinationPorts,
    IReadOnlyList<string> Sources, IReadOnlyList<string> SourceIpGroups, int TranslatedPort, IReadOnlyList<string> Protocols, IPAddress? FirewallPrivateAddress);

/// <summary>AVNM admin rule access: Allow hands over to NSGs, Deny blocks, AlwaysAllow admits whatever NSGs say.</summary>
public enum AdminAccess
{
    Allow,
    Deny,
    AlwaysAllow,
}

/// <summary>One effective security admin rule (inbound), as <c>listNetworkManagerEffectiveSecurityAdminRules</c> returns it.</summary>
public sealed record AdminRuleInput(
    string Name, int Priority, AdminAccess Access, string Protocol, IReadOnlyList<string> Sources, IReadOnlyList<string> Destinations,
    IReadOnlyList<string> DestinationPorts);
