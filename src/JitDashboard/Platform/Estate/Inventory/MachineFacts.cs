using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Platform.Estate.Inventory;

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
