namespace JitDashboard.Features.Policies;

public sealed class PolicyWriterOptions
{
    /// <summary>Attempts per policy on top of the SDK's own retries (which honour Retry-After).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Policies of one subscription read and written at once (within its <see cref="Platform.Arm.ArmWriteBudget"/>).</summary>
    public int MaxInFlightPerSubscription { get; set; } = 10;

    /// <summary>First backoff between attempts; doubles, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(20);
}
