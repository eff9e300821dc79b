using System.Net;
using System.Net.Http.Headers;
using JitDashboard.Features.Notifications;

namespace JitDashboard.UnitTests.Notifications;

public class WebhookRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
    private readonly WebhookRetryPolicy _policy = new(maxAttempts: 5, initialBackoff: TimeSpan.FromSeconds(2), maxBackoff: TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(40, 30)]
    public void Backoff_DoublesFromTheInitialWait_UpToTheCap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _policy.Backoff(attempt));

    [Theory]
    [InlineData(HttpStatusCode.OK)]
    [InlineData(HttpStatusCode.Accepted)]
    [InlineData(HttpStatusCode.NoContent)]
    public void Success_IsDelivered(HttpStatusCode status) =>
        Assert.Equal(WebhookAttemptDecision.Delivered, _policy.AfterResponse(1, status, null, Now).Decision);

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public void TransientAnswers_AreRetriedWithBackoff(HttpStatusCode status)
    {
        var outcome = _policy.AfterResponse(2, status, null, Now);
        Assert.Equal(WebhookAttemptDecision.Retry, outcome.Decision);
        Assert.Equal(TimeSpan.FromSeconds(4), outcome.Delay);
        Assert.StartsWith($"HTTP {(int)status}", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Redirect)]
    public void OtherAnswers_AreFinal(HttpStatusCode status)
    {
        var outcome = _policy.AfterResponse(1, status, null, Now);
        Assert.Equal(WebhookAttemptDecision.GiveUp, outcome.Decision);
        Assert.Contains("not retried", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryAfterSeconds_ReplacesTheBackoff()
    {
        var outcome = _policy.AfterResponse(1, HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now);
        Assert.Equal(WebhookAttemptDecision.Retry, outcome.Decision);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.Delay);
    }

    [Fact]
    public void RetryAfterDate_IsMeasuredFromNow()
    {
        var outcome = _policy.AfterResponse(1, HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(12)), Now);
        Assert.Equal(TimeSpan.FromSeconds(12), outcome.Delay);
        Assert.Equal(TimeSpan.Zero, _policy.AfterResponse(1, HttpStatusCode.ServiceUnavailable, new RetryConditionHeaderValue(Now.AddSeconds(-5)), Now).Delay);
    }

    [Fact]
    public void RetryAfter_IsCappedAtTheMaximumBackoff()
    {
        var outcome = _policy.AfterResponse(1, HttpStatusCode.TooManyRequests, new RetryConditionHeaderValue(TimeSpan.FromHours(6)), Now);
        Assert.Equal(TimeSpan.FromSeconds(30), outcome.Delay);
    }

    [Fact]
    public void TheLastAttempt_GivesUp_ForAnswersAndNetworkErrors()
    {
        Assert.Equal(WebhookAttemptDecision.Retry, _policy.AfterResponse(4, HttpStatusCode.InternalServerError, null, Now).Decision);
        var answer = _policy.AfterResponse(5, HttpStatusCode.InternalServerError, new RetryConditionHeaderValue(TimeSpan.FromSeconds(1)), Now);
        Assert.Equal(WebhookAttemptDecision.GiveUp, answer.Decision);
        Assert.Contains("gave up after 5 attempts", answer.Error, StringComparison.Ordinal);

        var network = _policy.AfterNetworkError(1, "Network error: refused");
        Assert.Equal((WebhookAttemptDecision.Retry, TimeSpan.FromSeconds(2)), (network.Decision, network.Delay));
        Assert.Equal(WebhookAttemptDecision.GiveUp, _policy.AfterNetworkError(5, "Network error: refused").Decision);
    }
}
