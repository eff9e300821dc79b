namespace JitDashboard.Features.Posture;

public sealed record PostureFigures(
    ScoreFigure SecureScore,
    ControlFigure ManagementPorts,
    MachineCounts Machines,
    double PotentialGain,
    IReadOnlyList<SubscriptionPosture> Subscriptions,
    IReadOnlyList<ImpactMachine> TopByImpact)
{
    /// <summary>Subscriptions left out of the score figures because Defender's data there could not be read, with why.</summary>
    public IReadOnlyList<ExcludedSubscription> Excluded { get; init; } = [];

    public static PostureFigures Empty { get; } = new(ScoreFigure.Empty, ControlFigure.Empty, MachineCounts.Empty, 0, [], []);
}
