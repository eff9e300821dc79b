namespace JitDashboard.Platform.Work;

/// <summary>
/// The wait after a failed pass: <see cref="First"/>, doubling with each further failure in a row, at most
/// <see cref="Max"/>. No jitter: the waits are exact (tests) and the instances' passes are few and independent.
/// </summary>
public sealed record WorkerBackoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>
    /// Starting at the worker's own interval (a failure is retried no sooner than a normal pass), up to a minute; a worker
    /// that only waits for signals retries after 5 seconds.
    /// </summary>
    public static WorkerBackoff From(TimeSpan interval)
    {
        var first = interval == Timeout.InfiniteTimeSpan || interval <= TimeSpan.Zero ? TimeSpan.FromSeconds(5) : interval;
        return new(first, first > TimeSpan.FromMinutes(1) ? first : TimeSpan.FromMinutes(1));
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1 = the first).</summary>
    public TimeSpan Delay(int failures)
    {
        if (failures <= 1) return First < Max ? First : Max;
        // Doubling from First; capped before it can overflow.
        var ticks = (double)First.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
