using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record PostureScore(
    [property: JsonPropertyName("current")] double Current,
    [property: JsonPropertyName("max")] int Max,
    [property: JsonPropertyName("percentage")] double Percentage)
{
    public static PostureScore From(ScoreFigure s) => new(s.Current, s.Max, s.Percentage);
}
