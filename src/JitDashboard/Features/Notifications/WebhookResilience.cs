using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// The resilience pipeline of the webhook <see cref="HttpClient"/> (Microsoft.Extensions.Http.Resilience / Polly):
/// a retry of transient failures (network errors, per-attempt timeouts, 408, 429, 5xx) with exponential backoff
/// from <c>Notifications:InitialBackoff</c> up to <c>MaxBackoff</c>, a receiver's <c>Retry-After</c> (seconds or
/// a date) replacing the backoff, capped at <c>MaxBackoff</c>; and a timeout per attempt (<c>Notifications:Timeout</c>).
/// Other 4xx are final. The attempts already recorded in the outbox count towards <c>MaxAttempts</c>, so a delivery
/// resumed after a restart does not start over.
/// </summary>
public static class WebhookResilience
{
    public const string PipelineName = "webhook-delivery";

    /// <summary>The observer of the delivery being posted, set on the request's resilience context by the sender.</summary>
    public static readonly ResiliencePropertyKey<WebhookAttemptObserver> ObserverKey = new("JitDashboard.WebhookAttemptObserver");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, NotificationsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddRetry(RetryOptions(options, time));
        builder.AddTimeout(options.Timeout);
    }

    public static HttpRetryStrategyOptions RetryOptions(NotificationsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HttpRetryStrategyOptions
        {
            // An upper bound; ShouldHandle stops earlier when earlier runs already used attempts.
            MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = options.InitialBackoff,
            MaxDelay = options.MaxBackoff,
            // Read below, so that it is capped like the backoff.
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.AttemptNumber, args.Context, options.MaxAttempts)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time.GetUtcNow(), options.MaxBackoff)),
            OnRetry = async args =>
            {
                if (!args.Context.Properties.TryGetValue(ObserverKey, out var observer))
                    return;
                var status = args.Outcome.Result is { } response ? (int)response.StatusCode : (int?)null;
                var error = Describe(args.Outcome, options.Timeout);
                await observer.RetryingAsync(new WebhookRetryInfo(observer.CurrentAttempt, status, error, args.RetryDelay, args.Context.GetRequestMessage()));
            },
        };
    }

    /// <summary>Transient (HttpClientResiliencePredicates) and attempts left over all runs.</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, int attemptNumber, ResilienceContext context, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
            return false;
        var previous = context.Properties.TryGetValue(ObserverKey, out var observer) ? observer.PreviousAttempts : 0;
        // attemptNumber is 0-based within this run: the attempt just made is previous + attemptNumber + 1.
        return previous + attemptNumber + 1 < maxAttempts;
    }

    /// <summary>Whether the answer is one the pipeline retries (5xx, 408, 429).</summary>
    public static bool IsTransient(HttpResponseMessage response) => HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response));

    /// <summary>A receiver's Retry-After (seconds or a date), at most <paramref name="cap"/>; null without one (the backoff applies).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now, TimeSpan cap)
    {
        RetryConditionHeaderValue? value = response?.Headers.RetryAfter;
        TimeSpan? wanted = value?.Delta is { } delta ? delta
            : value?.Date is { } date ? date - now
            : null;
        if (wanted is not { } w) return null;
        if (w < TimeSpan.Zero) w = TimeSpan.Zero;
        return w > cap ? cap : w;
    }

    /// <summary>"HTTP 503 ServiceUnavailable", "No answer within 10 s.", "Network error: …".</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome, TimeSpan timeout) => outcome switch
    {
        { Result: { } response } => $"HTTP {(int)response.StatusCode} {response.StatusCode}",
        { Exception: Polly.Timeout.TimeoutRejectedException } => NoAnswer(timeout),
        { Exception: { } ex } => "Network error: " + ex.Message,
        _ => "Unknown failure",
    };

    public static string NoAnswer(TimeSpan timeout) =>
        $"No answer within {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s.";
}
