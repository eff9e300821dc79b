namespace JitDashboard.Features.Policies;

/// <summary>Settings under <c>Policies</c>.</summary>
public sealed class PoliciesOptions
{
    public const string SectionName = "Policies";

    /// <summary>
    /// <c>Policies:MaxConcurrency</c>: policies read and written at once. 50, a Logic App for-each's highest setting (its
    /// default is 20): ARM limits rates, not requests in flight, and the writes keep to its write bucket (below).
    /// </summary>
    public int MaxConcurrency { get; set; } = 50;

    /// <summary>
    /// <c>Policies:MaxConcurrencyPerSubscription</c>: of those, at most this many in one subscription; its writes also
    /// stay within ARM's write bucket (200, +10/s per subscription; <see cref="Platform.Arm.ArmWriteBudget"/>).
    /// </summary>
    public int MaxConcurrencyPerSubscription { get; set; } = 25;

    /// <summary><c>Policies:MaxAttempts</c>: attempts per policy beyond the SDK's retries.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary><c>Policies:PollInterval</c>: how often the runner looks for work it was not told about (other instances, restarts).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
