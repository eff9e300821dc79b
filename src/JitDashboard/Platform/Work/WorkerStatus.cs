namespace JitDashboard.Platform.Work;

/// <summary>
/// What a worker last did, for /health/ready, metrics and support: <see cref="LastError"/> carries the exception's type
/// and message (for logs and the admin), <see cref="LastErrorType"/> the type alone (safe to show anonymously).
/// </summary>
public sealed record WorkerStatus(string Name)
{
    public WorkerState State { get; init; } = WorkerState.Starting;

    /// <summary>When the last pass started.</summary>
    public DateTimeOffset? LastRunAt { get; init; }

    /// <summary>When the last successful pass ended.</summary>
    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    public string? LastError { get; init; }

    public string? LastErrorType { get; init; }

    /// <summary>Successful passes since start.</summary>
    public long Passes { get; init; }

    /// <summary>Failed passes since the last success (0 when the last pass succeeded).</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>When the next pass is due at the latest (a signal can bring it forward); null: only a signal starts it.</summary>
    public DateTimeOffset? NextRunAt { get; init; }

    /// <summary>Null for a worker without a lease; else whether this instance holds it.</summary>
    public bool? HoldsLease { get; init; }
}
