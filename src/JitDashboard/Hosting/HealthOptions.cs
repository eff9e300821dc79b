namespace JitDashboard.Hosting;

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary><c>Health:ArmTimeout</c>: the ARM probe's budget (one try, no retries).</summary>
    public TimeSpan ArmTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Health:ArmCacheDuration</c>: how long an ARM probe result is reused (probes come every few seconds).</summary>
    public TimeSpan ArmCacheDuration { get; set; } = TimeSpan.FromSeconds(15);
}
