using System.Net;
using System.Net.Http.Headers;
using JitDashboard.Features.Notifications;
using Polly;

namespace JitDashboard.UnitTests.Features.Notifications;

/// <summary>The webhook HttpClient's Polly pipeline: what is retried, how often, and how long it waits.</summary>
public class WebhookResilienceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);

    private static NotificationsOptions Options(int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        Timeout = TimeSpan.FromSeconds(5),
    };

    private static HttpResponseMessage Answer(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } delta) response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        return response;
    }

    private static async Task<(HttpStatusCode Final, int Calls, List<WebhookRetryInfo> Retries)> RunAsync(NotificationsOptions options, int previousAttempts, params HttpStatusCode[] script)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        WebhookResilience.Configure(builder, options, TimeProvider.System);
        var pipeline = builder.Build();
        var retries = new List<WebhookRetryInfo>();
        var observer = new WebhookAttemptObserver(previousAttempts, options.MaxAttempts, info =>
        {
            retries.Add(info);
            return ValueTask.CompletedTask;
        });
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(WebhookResilience.ObserverKey, observer);
        var calls = 0;
        var response = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(Answer(script[Math.Min(calls++, script.Length - 1)])), context);
        ResilienceContextPool.Shared.Return(context);
        Assert.Equal(previousAttempts + calls, observer.CurrentAttempt);
        return (response.StatusCode, calls, retries);
    }

    [Fact]
    public async Task TransientAnswers_AreRetried_UntilDelivered_EachRetryReported()
    {
        var (final, calls, retries) = await RunAsync(Options(), 0, HttpStatusCode.InternalServerError, HttpStatusCode.TooManyRequests, HttpStatusCode.RequestTimeout, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, final);
        Assert.Equal(4, calls);
        Assert.Equal([1, 2, 3], retries.Select(r => r.Attempt));
        Assert.Equal([500, 429, 408], retries.Select(r => r.StatusCode));
        Assert.Equal("HTTP 500 InternalServerError", retries[0].Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task OtherClientErrors_AreFinal(HttpStatusCode status)
    {
        var (final, calls, retries) = await RunAsync(Options(), 0, status, HttpStatusCode.OK);
        Assert.Equal(status, final);
        Assert.Equal(1, calls);
        Assert.Empty(retries);
    }

    [Fact]
    public async Task MaxAttempts_CountsEveryAttempt()
    {
        var (final, calls, _) = await RunAsync(Options(maxAttempts: 3), 0, HttpStatusCode.BadGateway);
        Assert.Equal(HttpStatusCode.BadGateway, final);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task AttemptsRecordedBeforeARestart_CountTowardsMaxAttempts()
    {
        var (_, calls, retries) = await RunAsync(Options(maxAttempts: 4), previousAttempts: 2, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(2, calls);
        Assert.Equal(3, Assert.Single(retries).Attempt);
    }

    [Fact]
    public void RetryAfter_SecondsOrDate_ReplacesTheBackoff_CappedAtMaxBackoff()
    {
        var cap = TimeSpan.FromMinutes(10);
        Assert.Equal(TimeSpan.FromSeconds(7), WebhookResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7)), Now, cap));
        Assert.Equal(cap, WebhookResilience.RetryAfter(Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(2)), Now, cap));

        var dated = Answer(HttpStatusCode.ServiceUnavailable);
        dated.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(30), WebhookResilience.RetryAfter(dated, Now, cap));
        dated.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(-30));
        Assert.Equal(TimeSpan.Zero, WebhookResilience.RetryAfter(dated, Now, cap));

        // None: Polly's exponential backoff applies.
        Assert.Null(WebhookResilience.RetryAfter(Answer(HttpStatusCode.ServiceUnavailable), Now, cap));
    }

    [Fact]
    public void Backoff_IsExponentialFromInitialBackoff_WithoutJitter_UpToMaxBackoff()
    {
        var options = WebhookResilience.RetryOptions(new NotificationsOptions { MaxAttempts = 6, InitialBackoff = TimeSpan.FromSeconds(5), MaxBackoff = TimeSpan.FromMinutes(10) }, TimeProvider.System);
        Assert.Equal(DelayBackoffType.Exponential, options.BackoffType);
        Assert.False(options.UseJitter);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Delay);
        Assert.Equal(TimeSpan.FromMinutes(10), options.MaxDelay);
        Assert.Equal(5, options.MaxRetryAttempts);
    }
}
