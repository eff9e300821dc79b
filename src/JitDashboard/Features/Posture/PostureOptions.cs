namespace JitDashboard.Features.Posture;

/// <summary><c>Posture:*</c> settings: how often the trend records the figures and how long it keeps them.</summary>
public sealed class PostureOptions
{
    public const string SectionName = "Posture";

    /// <summary>At most one trend point per interval (refreshes in between are not recorded). Zero records every refresh.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Trend points older than this are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);
}
