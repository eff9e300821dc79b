using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

/// <summary>The body of <c>GET /api/v1/posture</c>, in the shape.</summary>
public sealed record PostureResponse(
    [property: JsonPropertyName("secureScore")] PostureScore SecureScore,
    [property: JsonPropertyName("managementPorts")] PostureControl ManagementPorts,
    [property: JsonPropertyName("machines")] PostureMachines Machines,
    [property: JsonPropertyName("potentialGain")] double PotentialGain,
    [property: JsonPropertyName("pendingApprovals")] int PendingApprovals,
    [property: JsonPropertyName("activeGrants")] int ActiveGrants)
{
    /// <summary>Subscriptions left out of the figures because Defender's data there could not be read, each with why.</summary>
    [JsonPropertyName("excludedSubscriptions")]
    public IReadOnlyList<ExcludedSubscription> ExcludedSubscriptions { get; init; } = [];
}
