namespace JitDashboard.Platform.Arm;

/// <summary>
/// The seam a host fills to run the app against a stand-in for Azure instead (the DevHost registers the simulator
/// here). The production app registers none: there, <c>Mode</c> is Azure and ARM and Entra ID come from settings.
/// Called once, at start-up in <c>Mode=Simulator</c>, before any ARM call or sign-in.
/// </summary>
public interface IArmEnvironmentProvider
{
    /// <summary>Starts the stand-in when it runs in-process, and says where its ARM and identity authority are.</summary>
    Task<HostedArmEnvironment> StartAsync(CancellationToken cancellationToken);
}
