using JitDashboard.Platform.Arm;

namespace JitDashboard.Platform.Estate.Inventory;

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
