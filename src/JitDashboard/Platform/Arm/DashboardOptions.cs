namespace JitDashboard.Platform.Arm;

/// <summary>Top-level settings (section root).</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// <c>Mode</c>: Azure or Simulator. Unset: Simulator when the host supplies a stand-in for Azure (the DevHost),
    /// else Azure (the production app).
    /// </summary>
    public DashboardMode Mode { get; set; } = DashboardMode.Azure;
}
