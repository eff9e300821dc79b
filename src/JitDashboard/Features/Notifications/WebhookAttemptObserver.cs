using Polly;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// What the sender hears while Polly retries one delivery: each failed attempt (so the outbox row records it and its
/// lease is extended past the retry), and a chance to re-sign the request before it goes out again. Carried in the
/// <see cref="ResilienceContext"/> of the request.
/// </summary>
public sealed class WebhookAttemptObserver(int previousAttempts, int maxAttempts, Func<WebhookRetryInfo, ValueTask> onRetry)
{
    /// <summary>Attempts made before this run (recorded in the outbox row: an earlier run, before a restart).</summary>
    public int PreviousAttempts { get; } = previousAttempts;

    /// <summary>Attempts allowed in all (<c>Notifications:MaxAttempts</c>).</summary>
    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>Retries Polly has scheduled in this run so far.</summary>
    public int Retries { get; private set; }

    /// <summary>The attempt number (1-based, over all runs) that is under way now.</summary>
    public int CurrentAttempt => PreviousAttempts + Retries + 1;

    internal async ValueTask RetryingAsync(WebhookRetryInfo info)
    {
        Retries++;
        await onRetry(info);
    }
}
