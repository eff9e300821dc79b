using System.Text.Json.Serialization;

namespace JitDashboard.Features.Posture;

public sealed record PostureHistoryPoint(
    [property: JsonPropertyName("takenAt")] DateTimeOffset TakenAt,
    [property: JsonPropertyName("secureScore")] PostureScore SecureScore,
    [property: JsonPropertyName("managementPorts")] PostureControl ManagementPorts,
    [property: JsonPropertyName("machines")] PostureMachines Machines,
    [property: JsonPropertyName("jitCoverage")] double JitCoverage,
    [property: JsonPropertyName("potentialGain")] double PotentialGain)
{
    public static PostureHistoryPoint From(PostureSnapshot s) => new(
        s.TakenAt,
        PostureScore.From(ScoreFigure.Of(s.ScoreCurrent, s.ScoreMax)),
        new PostureControl(s.ControlCurrent, s.ControlMax, s.Healthy, s.Unhealthy, s.NotApplicable),
        new PostureMachines(s.Total, s.Exposed, s.Restricted, s.JitConfigured, s.JitNotConfigured, s.Unsupported),
        Math.Round(s.JitCoverage, 4),
        s.PotentialGain);
}
