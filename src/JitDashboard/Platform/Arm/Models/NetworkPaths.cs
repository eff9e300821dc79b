using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

// The other doors to a VM (issue 17): load balancers, Azure Firewall, Firewall Policy rule collection groups, AVNM
// effective admin rules, and Azure's own answers (effective NSGs, IP flow verify). Shapes as the official examples in
// docs/arm-contract/network show them; only the fields the dashboard reads.

public sealed record LoadBalancer
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("sku")] public PublicIpAddressSku? Sku { get; init; }
    [JsonPropertyName("properties")] public LoadBalancerProperties Properties { get; init; } = new();
}

public sealed record LoadBalancerProperties
{
    [JsonPropertyName("frontendIPConfigurations")] public IReadOnlyList<LoadBalancerFrontend> FrontendIPConfigurations { get; init; } = [];
    [JsonPropertyName("backendAddressPools")] public IReadOnlyList<LoadBalancerChild> BackendAddressPools { get; init; } = [];
    [JsonPropertyName("loadBalancingRules")] public IReadOnlyList<LoadBalancerRule> LoadBalancingRules { get; init; } = [];
    [JsonPropertyName("inboundNatRules")] public IReadOnlyList<LoadBalancerRule> InboundNatRules { get; init; } = [];
}

public sealed record LoadBalancerChild
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

public sealed record LoadBalancerFrontend
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public LoadBalancerFrontendProperties Properties { get; init; } = new();
}

public sealed record LoadBalancerFrontendProperties
{
    /// <summary>Present on a public frontend; an internal one has <see cref="PrivateIPAddress"/> and a subnet instead.</summary>
    [JsonPropertyName("publicIPAddress")] public ResourceReference? PublicIPAddress { get; init; }
    [JsonPropertyName("privateIPAddress")] public string? PrivateIPAddress { get; init; }
    [JsonPropertyName("subnet")] public ResourceReference? Subnet { get; init; }
}

/// <summary>A load-balancing rule or an inbound NAT rule (the same fields where they overlap).</summary>
public sealed record LoadBalancerRule
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public LoadBalancerRuleProperties Properties { get; init; } = new();
}

public sealed record LoadBalancerRuleProperties
{
    [JsonPropertyName("frontendIPConfiguration")] public ResourceReference? FrontendIPConfiguration { get; init; }
    [JsonPropertyName("frontendPort")] public int? FrontendPort { get; init; }
    [JsonPropertyName("backendPort")] public int? BackendPort { get; init; }
    /// <summary><c>Tcp|Udp|All</c>.</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("backendAddressPool")] public ResourceReference? BackendAddressPool { get; init; }
    [JsonPropertyName("backendAddressPools")] public IReadOnlyList<ResourceReference>? BackendAddressPools { get; init; }
    /// <summary>NAT rule only: the ip configuration it forwards to.</summary>
    [JsonPropertyName("backendIPConfiguration")] public ResourceReference? BackendIPConfiguration { get; init; }
}

public sealed record AzureFirewall
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("properties")] public AzureFirewallProperties Properties { get; init; } = new();
}

public sealed record AzureFirewallProperties
{
    [JsonPropertyName("ipConfigurations")] public IReadOnlyList<AzureFirewallIpConfiguration> IpConfigurations { get; init; } = [];
    [JsonPropertyName("natRuleCollections")] public IReadOnlyList<AzureFirewallNatRuleCollectionItem> NatRuleCollections { get; init; } = [];
    [JsonPropertyName("firewallPolicy")] public ResourceReference? FirewallPolicy { get; init; }
}

public sealed record AzureFirewallIpConfiguration
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public AzureFirewallIpConfigurationProperties Properties { get; init; } = new();
}

public sealed record AzureFirewallIpConfigurationProperties
{
    [JsonPropertyName("privateIPAddress")] public string? PrivateIPAddress { get; init; }
    [JsonPropertyName("publicIPAddress")] public ResourceReference? PublicIPAddress { get; init; }
}

public sealed record AzureFirewallNatRuleCollectionItem
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public AzureFirewallNatRuleCollectionProperties Properties { get; init; } = new();
}

public sealed record AzureFirewallNatRuleCollectionProperties
{
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("action")] public FirewallAction? Action { get; init; }
    [JsonPropertyName("rules")] public IReadOnlyList<FirewallNatRule> Rules { get; init; } = [];
}

public sealed record FirewallAction
{
    /// <summary><c>Dnat|Snat</c> (classic) or <c>DNAT</c> (policy).</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }
}

/// <summary>A DNAT rule, classic (<c>protocols</c>) or policy (<c>ipProtocols</c>, <c>ruleType: NatRule</c>).</summary>
public sealed record FirewallNatRule
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("ruleType")] public string? RuleType { get; init; }
    [JsonPropertyName("sourceAddresses")] public IReadOnlyList<string>? SourceAddresses { get; init; }
    [JsonPropertyName("sourceIpGroups")] public IReadOnlyList<string>? SourceIpGroups { get; init; }
    [JsonPropertyName("destinationAddresses")] public IReadOnlyList<string>? DestinationAddresses { get; init; }
    [JsonPropertyName("destinationPorts")] public IReadOnlyList<string>? DestinationPorts { get; init; }
    [JsonPropertyName("protocols")] public IReadOnlyList<string>? Protocols { get; init; }
    [JsonPropertyName("ipProtocols")] public IReadOnlyList<string>? IpProtocols { get; init; }
    [JsonPropertyName("translatedAddress")] public string? TranslatedAddress { get; init; }
    [JsonPropertyName("translatedFqdn")] public string? TranslatedFqdn { get; init; }
    [JsonPropertyName("translatedPort")] public string? TranslatedPort { get; init; }
}

public sealed record FirewallPolicy
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public FirewallPolicyProperties Properties { get; init; } = new();
}

public sealed record FirewallPolicyProperties
{
    [JsonPropertyName("ruleCollectionGroups")] public IReadOnlyList<ResourceReference>? RuleCollectionGroups { get; init; }
    [JsonPropertyName("firewalls")] public IReadOnlyList<ResourceReference>? Firewalls { get; init; }
}

public sealed record FirewallPolicyRuleCollectionGroup
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public FirewallPolicyRuleCollectionGroupProperties Properties { get; init; } = new();
}

public sealed record FirewallPolicyRuleCollectionGroupProperties
{
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("ruleCollections")] public IReadOnlyList<FirewallPolicyRuleCollectionItem> RuleCollections { get; init; } = [];
}

public sealed record FirewallPolicyRuleCollectionItem
{
    /// <summary><c>FirewallPolicyNatRuleCollection</c> or <c>FirewallPolicyFilterRuleCollection</c>.</summary>
    [JsonPropertyName("ruleCollectionType")] public string? RuleCollectionType { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("action")] public FirewallAction? Action { get; init; }
    [JsonPropertyName("rules")] public IReadOnlyList<FirewallNatRule> Rules { get; init; } = [];
}

/// <summary>One item of <c>listNetworkManagerEffectiveSecurityAdminRules</c>.</summary>
public sealed record EffectiveSecurityAdminRule
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("properties")] public AdminRuleProperties Properties { get; init; } = new();
}

public sealed record AdminRuleProperties
{
    [JsonPropertyName("description")] public string? Description { get; init; }
    /// <summary><c>Tcp|Udp|Icmp|Esp|Any|Ah</c>.</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("sources")] public IReadOnlyList<AdminAddress>? Sources { get; init; }
    [JsonPropertyName("destinations")] public IReadOnlyList<AdminAddress>? Destinations { get; init; }
    [JsonPropertyName("destinationPortRanges")] public IReadOnlyList<string>? DestinationPortRanges { get; init; }
    /// <summary><c>Allow|Deny|AlwaysAllow</c>.</summary>
    [JsonPropertyName("access")] public string? Access { get; init; }
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("direction")] public string? Direction { get; init; }
}

public sealed record AdminAddress
{
    [JsonPropertyName("addressPrefix")] public string? AddressPrefix { get; init; }
    /// <summary><c>IPPrefix|ServiceTag</c>.</summary>
    [JsonPropertyName("addressPrefixType")] public string? AddressPrefixType { get; init; }
}

public sealed record EffectiveSecurityAdminRulePage
{
    [JsonPropertyName("value")] public IReadOnlyList<EffectiveSecurityAdminRule> Value { get; init; } = [];
    [JsonPropertyName("skipToken")] public string? SkipToken { get; init; }
}

public sealed record EffectiveNetworkSecurityGroupList
{
    [JsonPropertyName("value")] public IReadOnlyList<EffectiveNetworkSecurityGroup> Value { get; init; } = [];
}

public sealed record EffectiveNetworkSecurityGroup
{
    [JsonPropertyName("networkSecurityGroup")] public ResourceReference? NetworkSecurityGroup { get; init; }
    [JsonPropertyName("association")] public EffectiveNsgAssociation? Association { get; init; }
    [JsonPropertyName("effectiveSecurityRules")] public IReadOnlyList<EffectiveSecurityRule> EffectiveSecurityRules { get; init; } = [];
}

public sealed record EffectiveNsgAssociation
{
    [JsonPropertyName("subnet")] public ResourceReference? Subnet { get; init; }
    [JsonPropertyName("networkInterface")] public ResourceReference? NetworkInterface { get; init; }
}

public sealed record EffectiveSecurityRule
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("destinationPortRange")] public string? DestinationPortRange { get; init; }
    [JsonPropertyName("destinationPortRanges")] public IReadOnlyList<string>? DestinationPortRanges { get; init; }
    [JsonPropertyName("sourceAddressPrefix")] public string? SourceAddressPrefix { get; init; }
    [JsonPropertyName("sourceAddressPrefixes")] public IReadOnlyList<string>? SourceAddressPrefixes { get; init; }
    [JsonPropertyName("destinationAddressPrefix")] public string? DestinationAddressPrefix { get; init; }
    [JsonPropertyName("access")] public string? Access { get; init; }
    [JsonPropertyName("priority")] public int? Priority { get; init; }
    [JsonPropertyName("direction")] public string? Direction { get; init; }
}

public sealed record NetworkWatcher
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
}

/// <summary>VerificationIPFlowParameters.</summary>
public sealed record IpFlowVerifyRequest(
    [property: JsonPropertyName("targetResourceId")] string TargetResourceId,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("protocol")] string Protocol,
    [property: JsonPropertyName("localPort")] string LocalPort,
    [property: JsonPropertyName("remotePort")] string RemotePort,
    [property: JsonPropertyName("localIPAddress")] string LocalIPAddress,
    [property: JsonPropertyName("remoteIPAddress")] string RemoteIPAddress);

public sealed record IpFlowVerifyResult
{
    /// <summary><c>Allow|Deny</c>.</summary>
    [JsonPropertyName("access")] public string? Access { get; init; }
    [JsonPropertyName("ruleName")] public string? RuleName { get; init; }
}
