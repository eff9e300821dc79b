namespace JitDashboard.Features.Posture;

public sealed record SubscriptionPosture(
    string SubscriptionId,
    string DisplayName,
    ScoreFigure? SecureScore,
    ControlFigure? ManagementPorts,
    MachineCounts Machines,
    double PotentialGain);
