using JitDashboard.Platform.Arm;

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

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SourceState>))]
public enum SourceState
{
    /// <summary>Read now.</summary>
    Ok,

    /// <summary>Not registered: the namespace holds no resources, so the empty list is the truth.</summary>
    NotRegistered,

    /// <summary>This read failed (transiently); the last good list is used, marked with its age.</summary>
    Stale,

    /// <summary>Could not be read and there is no last good list: what depends on it is Unknown.</summary>
    Failed,
}

/// <summary>How one source of one subscription was read by the latest refresh.</summary>
public sealed record SourceStatus(InventorySource Source, SourceState State, DateTimeOffset? LastSuccessAt, ArmFailure? Failure)
{
    /// <summary>Throttled: not asked again before this (ARM's Retry-After).</summary>
    public DateTimeOffset? RetryNotBefore { get; init; }

    /// <summary>Whether there is a list to go by (fresh, stale or legitimately empty).</summary>
    public bool HasData => State != SourceState.Failed;

    /// <summary>Whether a person should hear about it (an unregistered ClassicCompute, retired in 2023, is normal).</summary>
    public bool IsProblem => State is SourceState.Stale or SourceState.Failed
        || (State == SourceState.NotRegistered && Source != InventorySource.ClassicVirtualMachines);

    public static SourceStatus Ok(InventorySource source, DateTimeOffset at) => new(source, SourceState.Ok, at, null);

    public static string Label(InventorySource source) => source switch
    {
        InventorySource.VirtualMachines => "Virtual machines",
        InventorySource.PowerStates => "Power states",
        InventorySource.ClassicVirtualMachines => "Classic virtual machines",
        InventorySource.NetworkInterfaces => "Network interfaces",
        InventorySource.NetworkSecurityGroups => "Network security groups",
        InventorySource.PublicIpAddresses => "Public IP addresses",
        InventorySource.VirtualNetworks => "Virtual networks",
        InventorySource.JitPolicies => "JIT policies",
        InventorySource.Assessments => "Defender assessments",
        InventorySource.SecureScoreControls => "Secure score controls",
        InventorySource.SecureScores => "Secure score",
        InventorySource.DefenderPlans => "Defender plans",
        InventorySource.LoadBalancers => "Load balancers",
        InventorySource.AzureFirewalls => "Azure firewalls",
        InventorySource.FirewallPolicies => "Firewall policies",
        InventorySource.NetworkManagerAdminRules => "Network manager admin rules",
        _ => source.ToString(),
    };
}
