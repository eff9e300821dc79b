using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Platform.Estate.Inventory;

public enum JitStatus
{
    NotConfigured,
    Configured,
    Unsupported,

    /// <summary>The sources that decide it could not be read (see <see cref="MachineFacts.UnknownReasons"/>): never guessed.</summary>
    Unknown,
}

/// <summary>A Defender recommendation's state for one VM; Unknown when Defender has not assessed it.</summary>
public enum RecommendationState
{
    Unknown,
    Healthy,
    Unhealthy,
    NotApplicable,
}

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

/// <summary>A NIC ip configuration as the detail drawer shows it.</summary>
public sealed record NicView(
    string NetworkInterface,
    string IpConfiguration,
    string? PrivateIpAddress,
    string? PublicIpAddress,
    string? PublicIpSku,
    string? Subnet,
    string? SubnetNsg,
    string? NicNsg)
{
    /// <summary>ARM ids behind the names (closing a custom rule needs the NSG it lives in).</summary>
    public string? SubnetId { get; init; }

    public string? SubnetNsgId { get; init; }

    public string? NicNsgId { get; init; }
}

/// <summary>A recent JIT request on one VM, from its policy's <c>requests</c>.</summary>
public sealed record JitRequestView(DateTimeOffset StartTimeUtc, string? Requestor, string? Justification, IReadOnlyList<JitRequestPort> Ports);

/// <summary>What the dashboard concludes about one VM: exposure, JIT status, recommendations, score impact.</summary>
public sealed record MachineFacts(
    IReadOnlyList<PortDecision> Ports,
    IReadOnlyList<NicView> Nics,
    JitStatus JitStatus,
    string? UnsupportedReason,
    string? JitPolicyId,
    IReadOnlyList<JitPortRule> JitPorts,
    IReadOnlyList<JitRequestView> JitRequests,
    RecommendationState JitRecommendation,
    RecommendationState ManagementPortsRecommendation,
    double? SecureScoreImpact)
{
    public static MachineFacts Empty { get; } = new([], [], JitStatus.NotConfigured, null, null, [], [], RecommendationState.Unknown, RecommendationState.Unknown, 0);

    /// <summary>
    /// Why a fact is Unknown, by fact: <c>exposure</c>, <c>jitStatus</c>, <c>recommendations</c>, <c>powerState</c>.
    /// Empty when everything was read.
    /// </summary>
    public IReadOnlyDictionary<string, string> UnknownReasons { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Why no JIT policy may be written for this VM now (subscription read-only or gone, JIT unavailable on its plan,
    /// its policies unreadable); null when writes may go ahead.
    /// </summary>
    public string? JitWriteBlockedReason { get; init; }

    /// <summary>
    /// Defender's JIT deny rules aimed at this VM, as <c>nsg/rule</c>, in its NIC and subnet NSGs. Automation compares
    /// them with what it saw when the VM was Configured: a deleted deny rule is drift even when no port opens.
    /// </summary>
    public IReadOnlyList<string> JitDenyRules { get; init; } = [];

    /// <summary>The network as the evaluator read it (for Verify with Azure: our answer for one flow). Not serialised.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<NicInput> NetworkInputs { get; init; } = [];

    /// <summary>
    /// True when a port is Open and Defender's "management ports should be closed" assessment (bc303248-…) says Healthy:
    /// Defender judges the VM's own public IP and NSGs, not load balancers, firewalls or network manager rules.
    /// </summary>
    public bool MissedByDefender => Exposed && ManagementPortsRecommendation == RecommendationState.Healthy;

    /// <summary>True when any management port is open to any Internet address.</summary>
    public bool Exposed => Ports.Any(p => p.Exposure == PortExposure.Open);

    public bool Restricted => !Exposed && Ports.Any(p => p.Exposure == PortExposure.Restricted);

    /// <summary>True when the network could not be read, so exposure is not known (never shown as Closed).</summary>
    public bool ExposureUnknown => Ports.Any(p => p.Exposure == PortExposure.Unknown);

    public IEnumerable<string> PublicIpAddresses => Nics.Select(n => n.PublicIpAddress).OfType<string>().Distinct();

    public IEnumerable<string> PrivateIpAddresses => Nics.Select(n => n.PrivateIpAddress).OfType<string>().Distinct();

    /// <summary>Healthy in the control only when healthy in every one of its recommendations.</summary>
    public bool UnhealthyInControl => JitRecommendation == RecommendationState.Unhealthy || ManagementPortsRecommendation == RecommendationState.Unhealthy;
}

/// <summary>The "Secure management ports" control of one subscription.</summary>
public sealed record ManagementPortsControl(double Current, int Max, int Healthy, int Unhealthy, int NotApplicable)
{
    public const string DisplayName = "Secure management ports";
    public const int DefaultMax = 8;

    /// <summary>Points the control gains when one unhealthy VM becomes healthy: max / (healthy + unhealthy).</summary>
    public double PointsPerVm => Healthy + Unhealthy == 0 ? 0 : (double)Max / (Healthy + Unhealthy);
}
