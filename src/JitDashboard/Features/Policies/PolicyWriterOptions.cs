namespace JitDashboard.Features.Policies;

public sealed class PolicyWriterOptions
{
    /// <summary>Attempts per policy on top of the SDK's own retries (which honour Retry-After).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Re-reads before a write that may find a concurrent change and merge again.</summary>
    public int MaxRemerges { get; set; } = 3;

    /// <summary>First backoff between attempts; doubles, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);
}
