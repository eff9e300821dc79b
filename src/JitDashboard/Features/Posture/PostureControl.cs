using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record PostureControl(
    [property: JsonPropertyName("current")] double Current,
    [property: JsonPropertyName("max")] int Max,
    [property: JsonPropertyName("healthy")] int Healthy,
    [property: JsonPropertyName("unhealthy")] int Unhealthy,
    [property: JsonPropertyName("notApplicable")] int NotApplicable)
{
    public static PostureControl From(ControlFigure c) => new(c.Current, c.Max, c.Healthy, c.Unhealthy, c.NotApplicable);
}
