namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>The "Secure management ports" control of one subscription.</summary>
public sealed record ManagementPortsControl(double Current, int Max, int Healthy, int Unhealthy, int NotApplicable)
{
    public const string DisplayName = "Secure management ports";
    public const int DefaultMax = 8;

    /// <summary>Points the control gains when one unhealthy VM becomes healthy: max / (healthy + unhealthy).</summary>
    public double PointsPerVm => Healthy + Unhealthy == 0 ? 0 : (double)Max / (Healthy + Unhealthy);
}
