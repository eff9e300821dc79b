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
    bool IsDefault = false);

/// <summary>An NSG's inbound rules (custom and default; the three defaults are added when absent).</summary>
public sealed record NsgInput(string Id, string Name, IReadOnlyList<NsgRule> InboundRules);

public sealed record PublicIpInput(string Id, string? Address, string Sku);

/// <summary>One NIC ip configuration with what the evaluator needs of its subnet and public IP.</summary>
public sealed record IpConfigInput(string Name, IPAddress? PrivateIp, PublicIpInput? PublicIp, NsgInput? SubnetNsg);

public sealed record NicInput(string Id, string Name, NsgInput? Nsg, IReadOnlyList<IpConfigInput> IpConfigurations);

/// <summary>A rule that took part in the decision at one level, in evaluation order.</summary>
public sealed record RuleStep(NsgLevel Level, string NsgName, string RuleName, int Priority, RuleAccess Access, IReadOnlyList<string> Sources, bool IsDefault, bool Decisive);

/// <summary>The decision for one port along one path (NIC ip configuration with a public IP).</summary>
public sealed record PathDecision(
    string NetworkInterface,
    string IpConfiguration,
    string? PublicIpAddress,
    PortExposure Exposure,
    IReadOnlyList<string> Sources,
    IReadOnlyList<RuleStep> Steps,
    string Reason);

/// <summary>A management port's exposure over all of a VM's paths, with the paths that decided it.</summary>
public sealed record PortDecision(int Port, PortExposure Exposure, IReadOnlyList<string> Sources, IReadOnlyList<PathDecision> Paths)
{
    /// <summary>With <see cref="PortExposure.Unknown"/>: which source could not be read.</summary>
    public string? UnknownReason { get; init; }

    public string Reason => UnknownReason
        ?? (Paths.Count == 0 ? "No public IP address on any NIC ip configuration." : string.Join(" ", Paths.Select(p => p.Reason).Distinct()));

    public static PortDecision Unknown(int port, string reason) => new(port, PortExposure.Unknown, [], []) { UnknownReason = reason };
}
