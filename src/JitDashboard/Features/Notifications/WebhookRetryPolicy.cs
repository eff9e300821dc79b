using System.Net;
using System.Net.Http.Headers;

namespace JitDashboard.Features.Notifications;

/// <summary>What the sender does after one attempt.</summary>
public enum WebhookAttemptDecision
{
    Delivered,
    Retry,
    GiveUp,
}

/// <summary>The outcome of one attempt and, when retried, how long to wait.</summary>
public sealed record WebhookAttemptOutcome(WebhookAttemptDecision Decision, TimeSpan Delay, string? Error);

/// <summary>
/// Retries network errors, timeouts, 5xx, 408 and 429 with exponential backoff (initial × 2^(attempt-1), capped),
/// honouring a receiver's <c>Retry-After</c> (seconds or a date) up to the same cap; other 4xx are final, since
/// sending the same body again cannot succeed.
/// </summary>
public sealed class WebhookRetryPolicy(int maxAttempts, TimeSpan initialBackoff, TimeSpan maxBackoff)
{
    public int MaxAttempts { get; } = maxAttempts;

    public static WebhookRetryPolicy From(NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxAttempts, options.InitialBackoff, options.MaxBackoff);
    }

    /// <summary>The wait after the given failed attempt (1-based), without a Retry-After.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ticks = initialBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= maxBackoff.Ticks ? maxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Decides after an HTTP answer; <paramref name="attempt"/> is the attempt just made (1-based).</summary>
    public WebhookAttemptOutcome AfterResponse(int attempt, HttpStatusCode status, RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
    {
        var code = (int)status;
        if (code is >= 200 and < 300) return new(WebhookAttemptDecision.Delivered, TimeSpan.Zero, null);
        var error = $"HTTP {code} {status}";
        var retriable = code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        if (!retriable) return new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, error + " (not retried: the receiver refused the request).");
        if (attempt >= MaxAttempts) return new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, error + $" (gave up after {attempt} attempts).");
        var delay = RetryAfter(retryAfter, now) is { } wanted ? Min(wanted, maxBackoff) : Backoff(attempt);
        return new(WebhookAttemptDecision.Retry, delay, error);
    }

    /// <summary>Decides after a network error or timeout.</summary>
    public WebhookAttemptOutcome AfterNetworkError(int attempt, string error)
    {
        if (attempt >= MaxAttempts) return new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, error + $" (gave up after {attempt} attempts).");
        return new(WebhookAttemptDecision.Retry, Backoff(attempt), error);
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? value, DateTimeOffset now)
    {
        if (value?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (value?.Date is { } date) return date <= now ? TimeSpan.Zero : date - now;
        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
