using System.Globalization;
using System.Text.Json.Serialization;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Posture;

public sealed record WhatIfResponse(
    [property: JsonPropertyName("selected")] int Selected,
    [property: JsonPropertyName("remediated")] int Remediated,
    [property: JsonPropertyName("managementPorts")] WhatIfPair<PostureControl> ManagementPorts,
    [property: JsonPropertyName("secureScore")] WhatIfPair<PostureScore> SecureScore,
    [property: JsonPropertyName("gain")] double Gain);
