using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record PostureMachines(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("exposed")] int Exposed,
    [property: JsonPropertyName("restricted")] int Restricted,
    [property: JsonPropertyName("jitConfigured")] int JitConfigured,
    [property: JsonPropertyName("jitNotConfigured")] int JitNotConfigured,
    [property: JsonPropertyName("unsupported")] int Unsupported);
