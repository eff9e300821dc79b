namespace JitDashboard.Simulator.State;

public static class ResourceTypes
{
    public const string VirtualMachines = "Microsoft.Compute/virtualMachines";
    public const string ClassicVirtualMachines = "Microsoft.ClassicCompute/virtualMachines";
    public const string NetworkInterfaces = "Microsoft.Network/networkInterfaces";
    public const string NetworkSecurityGroups = "Microsoft.Network/networkSecurityGroups";
    public const string PublicIPAddresses = "Microsoft.Network/publicIPAddresses";
    public const string VirtualNetworks = "Microsoft.Network/virtualNetworks";
    public const string LoadBalancers = "Microsoft.Network/loadBalancers";
    public const string ApplicationSecurityGroups = "Microsoft.Network/applicationSecurityGroups";
    public const string AzureFirewalls = "Microsoft.Network/azureFirewalls";
    public const string FirewallPolicies = "Microsoft.Network/firewallPolicies";
    public const string FirewallPolicyRuleCollectionGroups = "Microsoft.Network/firewallPolicies/ruleCollectionGroups";
    public const string NetworkWatchers = "Microsoft.Network/networkWatchers";
    public const string NetworkManagers = "Microsoft.Network/networkManagers";
    public const string NetworkGroups = "Microsoft.Network/networkManagers/networkGroups";
    public const string NetworkGroupStaticMembers = "Microsoft.Network/networkManagers/networkGroups/staticMembers";
    public const string SecurityAdminConfigurations = "Microsoft.Network/networkManagers/securityAdminConfigurations";
    public const string AdminRuleCollections = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections";
    public const string AdminRules = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules";
    public const string Subnets = "Microsoft.Network/virtualNetworks/subnets";
    public const string SecurityRules = "Microsoft.Network/networkSecurityGroups/securityRules";
    public const string DefaultSecurityRules = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules";
    public const string JitPolicies = "Microsoft.Security/locations/jitNetworkAccessPolicies";
}
