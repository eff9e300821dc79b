namespace JitDashboard.Platform.Estate.Live;

/// <summary>How live the estate is: Azure's events coming in, targeted refreshes, and the full sweep (the safety net).</summary>
/// <param name="LastEventAt">When the last event from Azure arrived; null when none has since start.</param>
/// <param name="EventsLastMinute">Events received in the last 60 seconds.</param>
/// <param name="LastTargetedAt">When the last targeted refresh published a change.</param>
/// <param name="LastSweepAt">When the last full sweep finished.</param>
/// <param name="NextSweepAt">When the next full sweep is due.</param>
/// <param name="PendingResources">Resources waiting for their debounced refresh.</param>
public sealed record LiveStatus(
    DateTimeOffset? LastEventAt,
    int EventsLastMinute,
    DateTimeOffset? LastTargetedAt,
    DateTimeOffset? LastSweepAt,
    DateTimeOffset? NextSweepAt,
    int PendingResources)
{
    public static LiveStatus Initial { get; } = new(null, 0, null, null, null, 0);
}
