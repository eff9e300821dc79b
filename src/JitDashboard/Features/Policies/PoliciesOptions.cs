namespace JitDashboard.Features.Policies;

/// <summary>Settings under <c>Policies</c>.</summary>
public sealed class PoliciesOptions
{
    public const string SectionName = "Policies";

    /// <summary><c>Policies:MaxConcurrency</c>: policies written at once.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary><c>Policies:MaxAttempts</c>: attempts per policy beyond the SDK's retries.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary><c>Policies:PollInterval</c>: how often the runner looks for work it was not told about (other instances, restarts).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
