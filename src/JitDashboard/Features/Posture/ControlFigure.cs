namespace JitDashboard.Features.Posture;

/// <summary>The <em>Secure management ports</em> control: points and resource counts.</summary>
public sealed record ControlFigure(double Current, int Max, int Healthy, int Unhealthy, int NotApplicable)
{
    public static ControlFigure Empty { get; } = new(0, 0, 0, 0, 0);
}
