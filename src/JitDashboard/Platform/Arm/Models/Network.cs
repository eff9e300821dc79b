using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

public sealed record NetworkSecurityGroup
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("etag")] public string? Etag { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("properties")] public NetworkSecurityGroupProperties Properties { get; init; } = new();
}

public sealed record NetworkSecurityGroupProperties
{
    [JsonPropertyName("securityRules")] public IReadOnlyList<SecurityRule> SecurityRules { get; init; } = [];
    [JsonPropertyName("defaultSecurityRules")] public IReadOnlyList<SecurityRule>? DefaultSecurityRules { get; init; }
    [JsonPropertyName("networkInterfaces")] public IReadOnlyList<ResourceReference>? NetworkInterfaces { get; init; }
    [JsonPropertyName("subnets")] public IReadOnlyList<ResourceReference>? Subnets { get; init; }
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
    [JsonPropertyName("resourceGuid")] public string? ResourceGuid { get; init; }
}

/// <summary>A security rule. Real ARM emits both the singular and the plural forms of each field.</summary>
public sealed record SecurityRule
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("etag")] public string? Etag { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public SecurityRuleProperties Properties { get; init; } = new();
}

public sealed record SecurityRuleProperties
{
    [JsonPropertyName("description")] public string? Description { get; init; }
    /// <summary><c>Tcp|Udp|Icmp|Esp|Ah|*</c>.</summary>
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "*";
    [JsonPropertyName("sourcePortRange")] public string? SourcePortRange { get; init; }
    [JsonPropertyName("sourcePortRanges")] public IReadOnlyList<string>? SourcePortRanges { get; init; }
    [JsonPropertyName("destinationPortRange")] public string? DestinationPortRange { get; init; }
    [JsonPropertyName("destinationPortRanges")] public IReadOnlyList<string>? DestinationPortRanges { get; init; }
    [JsonPropertyName("sourceAddressPrefix")] public string? SourceAddressPrefix { get; init; }
    [JsonPropertyName("sourceAddressPrefixes")] public IReadOnlyList<string>? SourceAddressPrefixes { get; init; }
    [JsonPropertyName("destinationAddressPrefix")] public string? DestinationAddressPrefix { get; init; }
    [JsonPropertyName("destinationAddressPrefixes")] public IReadOnlyList<string>? DestinationAddressPrefixes { get; init; }
    [JsonPropertyName("sourceApplicationSecurityGroups")] public IReadOnlyList<ResourceReference>? SourceApplicationSecurityGroups { get; init; }
    [JsonPropertyName("destinationApplicationSecurityGroups")] public IReadOnlyList<ResourceReference>? DestinationApplicationSecurityGroups { get; init; }
    /// <summary><c>Allow|Deny</c>.</summary>
    [JsonPropertyName("access")] public string Access { get; init; } = "";
    /// <summary>100..4096 for custom rules; lower wins.</summary>
    [JsonPropertyName("priority")] public int Priority { get; init; }
    /// <summary><c>Inbound|Outbound</c>.</summary>
    [JsonPropertyName("direction")] public string Direction { get; init; } = "";
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}

public sealed record NetworkInterface
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("properties")] public NetworkInterfaceProperties Properties { get; init; } = new();
}

public sealed record NetworkInterfaceProperties
{
    [JsonPropertyName("ipConfigurations")] public IReadOnlyList<IpConfiguration> IpConfigurations { get; init; } = [];
    /// <summary>The NIC-level NSG; absent when there is none.</summary>
    [JsonPropertyName("networkSecurityGroup")] public ResourceReference? NetworkSecurityGroup { get; init; }
    [JsonPropertyName("virtualMachine")] public ResourceReference? VirtualMachine { get; init; }
    [JsonPropertyName("primary")] public bool? Primary { get; init; }
    [JsonPropertyName("macAddress")] public string? MacAddress { get; init; }
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}

public sealed record IpConfiguration
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public IpConfigurationProperties Properties { get; init; } = new();
}

public sealed record IpConfigurationProperties
{
    [JsonPropertyName("privateIPAddress")] public string? PrivateIPAddress { get; init; }
    [JsonPropertyName("privateIPAllocationMethod")] public string? PrivateIPAllocationMethod { get; init; }
    [JsonPropertyName("privateIPAddressVersion")] public string? PrivateIPAddressVersion { get; init; }
    [JsonPropertyName("publicIPAddress")] public ResourceReference? PublicIPAddress { get; init; }
    [JsonPropertyName("subnet")] public ResourceReference? Subnet { get; init; }
    [JsonPropertyName("primary")] public bool? Primary { get; init; }
    [JsonPropertyName("loadBalancerBackendAddressPools")] public IReadOnlyList<ResourceReference>? LoadBalancerBackendAddressPools { get; init; }
    [JsonPropertyName("loadBalancerInboundNatRules")] public IReadOnlyList<ResourceReference>? LoadBalancerInboundNatRules { get; init; }
    [JsonPropertyName("applicationSecurityGroups")] public IReadOnlyList<ResourceReference>? ApplicationSecurityGroups { get; init; }
}

public sealed record PublicIpAddress
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("sku")] public PublicIpAddressSku? Sku { get; init; }
    [JsonPropertyName("properties")] public PublicIpAddressProperties Properties { get; init; } = new();
}

public sealed record PublicIpAddressSku
{
    /// <summary><c>Basic</c> (open without an NSG) or <c>Standard</c> (closed without an NSG).</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("tier")] public string? Tier { get; init; }
}

public sealed record PublicIpAddressProperties
{
    [JsonPropertyName("ipAddress")] public string? IpAddress { get; init; }
    [JsonPropertyName("publicIPAllocationMethod")] public string? PublicIPAllocationMethod { get; init; }
    [JsonPropertyName("publicIPAddressVersion")] public string? PublicIPAddressVersion { get; init; }
    [JsonPropertyName("idleTimeoutInMinutes")] public int? IdleTimeoutInMinutes { get; init; }
    /// <summary>Back-reference to the NIC ip configuration that uses it.</summary>
    [JsonPropertyName("ipConfiguration")] public ResourceReference? IpConfiguration { get; init; }
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}

public sealed record VirtualNetwork
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("properties")] public VirtualNetworkProperties Properties { get; init; } = new();
}

public sealed record VirtualNetworkProperties
{
    [JsonPropertyName("addressSpace")] public AddressSpace? AddressSpace { get; init; }
    [JsonPropertyName("subnets")] public IReadOnlyList<Subnet> Subnets { get; init; } = [];
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}

public sealed record AddressSpace
{
    [JsonPropertyName("addressPrefixes")] public IReadOnlyList<string> AddressPrefixes { get; init; } = [];
}

public sealed record Subnet
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public SubnetProperties Properties { get; init; } = new();
}

public sealed record SubnetProperties
{
    [JsonPropertyName("addressPrefix")] public string? AddressPrefix { get; init; }
    [JsonPropertyName("addressPrefixes")] public IReadOnlyList<string>? AddressPrefixes { get; init; }
    /// <summary>The subnet-level NSG; absent when there is none.</summary>
    [JsonPropertyName("networkSecurityGroup")] public ResourceReference? NetworkSecurityGroup { get; init; }
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}
