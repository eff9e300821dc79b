using Azure.Core;
using Azure.Core.Pipeline;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Azure.Core's retries (408/429/5xx and transport errors, exponential back-off, Retry-After honoured), except that a
/// read told to wait longer than <paramref name="maxReadRetryAfter"/> gives up at once: Network's 429 asks for 64 s,
/// and five such waits would stall a refresh for minutes. The estate keeps that list's last good data, marked stale,
/// and asks again once Retry-After has passed. Writes keep waiting: they carry someone's change.
/// </summary>
public sealed class ArmRetryPolicy(int maxRetries, DelayStrategy delay, TimeSpan maxReadRetryAfter) : RetryPolicy(maxRetries, delay)
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        !TooLongForARead(message) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        TooLongForARead(message) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

    private bool TooLongForARead(HttpMessage message) =>
        message.Request.Method == RequestMethod.Get
        && message.HasResponse
        && message.Response.Status == 429
        && message.Response.Headers.TryGetValue("Retry-After", out var text)
        && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && TimeSpan.FromSeconds(seconds) > maxReadRetryAfter;
}
