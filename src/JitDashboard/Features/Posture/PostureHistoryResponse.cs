using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record PostureHistoryResponse(
    [property: JsonPropertyName("days")] int Days,
    [property: JsonPropertyName("points")] IReadOnlyList<PostureHistoryPoint> Points);
