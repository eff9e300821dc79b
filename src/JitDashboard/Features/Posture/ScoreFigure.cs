namespace JitDashboard.Features.Posture;

/// <summary>A secure score: points, maximum and the 0..1 ratio (rounded to 4 decimals, as Defender does).</summary>
public sealed record ScoreFigure(double Current, int Max, double Percentage)
{
    public static ScoreFigure Empty { get; } = new(0, 0, 0);

    public static ScoreFigure Of(double current, int max) =>
        new(Math.Round(current, 2), max, max == 0 ? 0 : Math.Round(Math.Round(current, 2) / max, 4));
}
