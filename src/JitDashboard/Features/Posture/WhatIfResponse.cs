using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record WhatIfResponse(
    [property: JsonPropertyName("selected")] int Selected,
    [property: JsonPropertyName("remediated")] int Remediated,
    [property: JsonPropertyName("managementPorts")] WhatIfPair<PostureControl> ManagementPorts,
    [property: JsonPropertyName("secureScore")] WhatIfPair<PostureScore> SecureScore,
    [property: JsonPropertyName("gain")] double Gain);
