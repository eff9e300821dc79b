using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Identity;

namespace JitDashboard.Hosting;

/// <summary>
/// The option classes validated together, so that one start-up failure lists every problem by key.
/// </summary>
public sealed class JitDashboardSettings
{
    public DashboardOptions Dashboard { get; set; } = new();
    public ArmOptions Arm { get; set; } = new();
    public AzureAdSettings AzureAd { get; set; } = new();
    public AuthenticationSettings Authentication { get; set; } = new();

    /// <summary>The raw <c>Arm:Credential</c> value when it names no credential kind.</summary>
    public string? InvalidCredential { get; set; }

    /// <summary>The settings files (in the repo) that hold an <c>AzureAd:ClientSecret</c>.</summary>
    public IList<string> FilesWithSecret { get; } = [];

    /// <summary>The raw <c>Mode</c> value when it names no mode.</summary>
    public string? InvalidMode { get; set; }

    /// <summary>
    /// Whether the host supplies a stand-in for Azure (<see cref="Azure.IArmEnvironmentProvider"/>: the DevHost's
    /// simulator). Decides <c>Mode</c>'s default; without one, <c>Mode=Simulator</c> is refused.
    /// </summary>
    public bool HostProvidesSimulator { get; set; }
}
