namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>One list call per subscription: each is loaded, and judged, on its own.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<InventorySource>))]
public enum InventorySource
{
    VirtualMachines,
    PowerStates,
    ClassicVirtualMachines,
    NetworkInterfaces,
    NetworkSecurityGroups,
    PublicIpAddresses,
    VirtualNetworks,
    JitPolicies,
    Assessments,
    SecureScoreControls,
    SecureScores,
    DefenderPlans,
    LoadBalancers,
    AzureFirewalls,

    /// <summary>Firewall policies with their rule collection groups (one list per policy).</summary>
    FirewallPolicies,

    /// <summary>AVNM effective security admin rules, one POST per virtual network.</summary>
    NetworkManagerAdminRules,
}
