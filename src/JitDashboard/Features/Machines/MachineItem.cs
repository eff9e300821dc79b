using System.Text.Json.Serialization;

namespace JitDashboard.Features.Machines;

public sealed record MachineItem(
    string Id, string Name, string SubscriptionId, string ResourceGroup, string Location, string OsType, string PowerState,
    IReadOnlyList<string> PublicIpAddresses, IReadOnlyList<string> PrivateIpAddresses, IReadOnlyList<MachinePort> Ports,
    bool Exposed,
    [property: System.ComponentModel.Description("Configured, NotConfigured, Unsupported (see unsupportedReason) or Unknown: the JIT policies (or, for a VM in none, the network) could not be read; unknownReasons.jitStatus says why. Nothing is written for an Unknown VM.")]
    string JitStatus,
    string? UnsupportedReason, string? JitPolicyId, IReadOnlyList<MachineJitPort> JitPorts,
    MachineRecommendations Recommendations,
    [property: System.ComponentModel.Description("Secure-score points the 'Secure management ports' control gains if this VM alone becomes healthy; null when Defender's data for its subscription could not be read.")]
    double? SecureScoreImpact)
{
    /// <summary>Why a fact is Unknown, by fact (<c>exposure</c>, <c>jitStatus</c>, <c>recommendations</c>, <c>powerState</c>); absent when all were read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? UnknownReasons { get; init; }

    /// <summary>Why no JIT policy may be written for this VM now; absent when it may.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JitWriteBlockedReason { get; init; }
}
