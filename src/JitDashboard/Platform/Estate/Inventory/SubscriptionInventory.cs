using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// Everything ARM lists for one subscription, as one refresh read it. A list whose source could not be read is empty
/// and its <see cref="Sources"/> entry says so: the evaluator turns the facts that need it into Unknown.
/// </summary>
public sealed record SubscriptionInventory(
    SubscriptionInfo Subscription,
    IReadOnlyList<VirtualMachineInfo> VirtualMachines,
    IReadOnlyList<NetworkInterface> NetworkInterfaces,
    IReadOnlyList<NetworkSecurityGroup> NetworkSecurityGroups,
    IReadOnlyList<PublicIpAddress> PublicIpAddresses,
    IReadOnlyList<VirtualNetwork> VirtualNetworks,
    IReadOnlyList<JitNetworkAccessPolicy> JitPolicies,
    IReadOnlyList<Assessment> Assessments,
    IReadOnlyList<SecureScoreControl> SecureScoreControls,
    IReadOnlyList<SecureScore> SecureScores)
{
    /// <summary>Classic VMs (also listed in <see cref="VirtualMachines"/>) with the endpoints that expose them.</summary>
    public IReadOnlyList<ClassicVirtualMachine> ClassicVirtualMachines { get; init; } = [];

    /// <summary>Defender plans (<c>Microsoft.Security/pricings</c>).</summary>
    public IReadOnlyList<Pricing> Pricings { get; init; } = [];

    /// <summary>Load balancers (frontends, NAT rules, load-balancing rules, pools): doors to their backends.</summary>
    public IReadOnlyList<LoadBalancer> LoadBalancers { get; init; } = [];

    /// <summary>Azure firewalls with their classic rule collections.</summary>
    public IReadOnlyList<AzureFirewall> AzureFirewalls { get; init; } = [];

    /// <summary>Rule collection groups of the subscription's firewall policies.</summary>
    public IReadOnlyList<FirewallPolicyRuleCollectionGroup> FirewallRuleCollectionGroups { get; init; } = [];

    /// <summary>
    /// Effective AVNM security admin rules per virtual network (lower-case id). A VNet absent here, with the source
    /// not read, has Unknown admin rules; with the source read, none.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<EffectiveSecurityAdminRule>> AdminRulesByVirtualNetwork { get; init; } =
        new Dictionary<string, IReadOnlyList<EffectiveSecurityAdminRule>>();

    /// <summary>How each source was read; a source absent here counts as read (tests build inventories by hand).</summary>
    public IReadOnlyDictionary<InventorySource, SourceStatus> Sources { get; init; } = new Dictionary<InventorySource, SourceStatus>();

    /// <summary>Whether the source's list can be trusted (fresh, stale or legitimately empty); false: its facts are Unknown.</summary>
    public bool IsReadable(InventorySource source) => !Sources.TryGetValue(source, out var status) || status.HasData;

    /// <summary>Why the first unreadable source among <paramref name="sources"/> could not be read; null when all are readable.</summary>
    public string? UnreadableReason(params InventorySource[] sources)
    {
        foreach (var source in sources)
        {
            if (Sources.TryGetValue(source, out var status) && !status.HasData)
                return $"{SourceStatus.Label(source)} could not be read: {status.Failure?.Describe() ?? "no answer"}";
        }
        return null;
    }
}
