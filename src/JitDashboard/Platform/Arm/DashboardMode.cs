namespace JitDashboard.Platform.Arm;

/// <summary>How the dashboard reaches ARM.</summary>
public enum DashboardMode
{
    /// <summary>ARM is Azure (public, sovereign or Azure Stack Hub via <c>Arm:Endpoint</c>): the production app's default.</summary>
    Azure,

    /// <summary>
    /// ARM and sign-in are a stand-in for Azure that the host supplies (<see cref="Azure.IArmEnvironmentProvider"/>):
    /// the DevHost's default, with its simulator. The production app has none and refuses this mode at start.
    /// </summary>
    Simulator,
}
