using System.Globalization;
using System.Text.Json.Serialization;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JitDashboard.Features.Posture;

public sealed record PostureHistoryResponse(
    [property: JsonPropertyName("days")] int Days,
    [property: JsonPropertyName("points")] IReadOnlyList<PostureHistoryPoint> Points);
