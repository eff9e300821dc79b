using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using JitDashboard.Data;
using JitDashboard.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// Posts the queued deliveries: due Pending rows, up to four at once, each with a timeout; records every attempt and
/// reschedules per <see cref="WebhookRetryPolicy"/>. A delivery interrupted by shutdown stays Pending and is sent
/// after the restart (receivers can de-duplicate by <c>X-JitDashboard-Delivery</c>).
/// </summary>
public sealed partial class WebhookSender(
    IDbContextFactory<JitDbContext> factory,
    IHttpClientFactory httpClients,
    IOptionsMonitor<NotificationsOptions> options,
    WebhookSignal signal,
    IAuditLog audit,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "JitDashboard.Notifications";

    private const int MaxParallel = 4;

    /// <summary>Added to the timeout for a claimed row's lease, so that a slow write of the outcome is not overtaken.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    // Deliveries being posted now. A slow or hanging receiver holds one slot until its timeout; the others go on.
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly SemaphoreSlim _slots = new(MaxParallel, MaxParallel);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    await StartDueAsync(stoppingToken);
                    wait = await NextWaitAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // E.g. the database not migrated yet at start: try again at the next poll.
                    LogSenderFailed(logger, ex);
                    wait = options.CurrentValue.PollInterval;
                }
                try
                {
                    await signal.WaitAsync(wait, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            // Shutdown cancels the posts in flight; they stay Pending for the next start.
            await Task.WhenAll(_inFlight.Values);
        }
    }

    /// <summary>Starts posting due deliveries while there are free slots; a finished post signals the loop.</summary>
    private async Task StartDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var busy = _inFlight.Keys.ToList();
        List<long> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && !busy.Contains(d.Id))
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                .Select(d => d.Id).Take(MaxParallel).ToListAsync(ct);
        }
        foreach (var id in due)
        {
            if (!await _slots.WaitAsync(0, ct)) return;
            _inFlight[id] = RunAsync(id, ct);
        }
    }

    private async Task RunAsync(long id, CancellationToken ct)
    {
        // Off the loop's thread at once, so that starting a post never waits for the receiver.
        await Task.Yield();
        try
        {
            await AttemptAsync(id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            LogSenderFailed(logger, ex);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
            _slots.Release();
            signal.Notify();
        }
    }

    /// <summary>Until the earliest scheduled attempt not already in flight, at most the poll interval.</summary>
    private async Task<TimeSpan> NextWaitAsync(CancellationToken ct)
    {
        var poll = options.CurrentValue.PollInterval;
        // All slots busy: a finishing post signals.
        if (_slots.CurrentCount == 0) return poll;
        var busy = _inFlight.Keys.ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var next = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && !busy.Contains(d.Id))
            .OrderBy(d => d.NextAttemptAt).Select(d => (DateTimeOffset?)d.NextAttemptAt).FirstOrDefaultAsync(ct);
        if (next is not { } at) return poll;
        var until = at - time.GetUtcNow();
        return until <= TimeSpan.Zero ? TimeSpan.Zero : until < poll ? until : poll;
    }

    private async ValueTask AttemptAsync(long id, CancellationToken ct)
    {
        WebhookDelivery delivery;
        var settings = options.CurrentValue;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            // Claim the row with a lease (another instance on the same database skips it until the lease ends,
            // which also covers a crash mid-post); the attempt's outcome replaces the lease.
            var now = time.GetUtcNow();
            var lease = now + settings.Timeout + LeaseMargin;
            var claimed = await db.WebhookDeliveries
                .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, lease), ct);
            if (claimed == 0) return;
            delivery = await db.WebhookDeliveries.AsNoTracking().FirstAsync(d => d.Id == id, ct);
        }
        var policy = WebhookRetryPolicy.From(settings);
        var attempt = delivery.Attempts + 1;
        var webhook = settings.Find(delivery.WebhookName);
        WebhookAttemptOutcome outcome;
        int? statusCode = null;
        if (webhook is null)
        {
            outcome = new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, $"The webhook '{delivery.WebhookName}' is no longer configured.");
        }
        else
        {
            try
            {
                (outcome, statusCode) = await PostAsync(delivery, webhook, attempt, policy, settings.Timeout, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutdown: the attempt does not count; the row stays Pending, due at once after the restart.
                await ReleaseLeaseAsync(id);
                throw;
            }
        }
        await RecordAsync(delivery, attempt, outcome, statusCode, ct);
    }

    private async Task ReleaseLeaseAsync(long id)
    {
        try
        {
            var now = time.GetUtcNow();
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            await db.WebhookDeliveries.Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease then simply runs out.
            LogSenderFailed(logger, ex);
        }
    }

    private async Task<(WebhookAttemptOutcome, int?)> PostAsync(
        WebhookDelivery delivery, WebhookOptions webhook, int attempt, WebhookRetryPolicy policy, TimeSpan timeout, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("JitDashboard-Webhooks", "1.0"));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Kind.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(webhook.Secret))
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(webhook.Secret, timestamp, delivery.Body));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var outcome = policy.AfterResponse(attempt, response.StatusCode, response.Headers.RetryAfter, time.GetUtcNow());
            if (outcome.Decision != WebhookAttemptDecision.Delivered)
            {
                // A few words from the receiver help (Slack answers e.g. "invalid_blocks"); never the whole body.
                var text = await ReadStartAsync(response, deadline.Token);
                if (text.Length > 0) outcome = outcome with { Error = outcome.Error + ": " + text };
            }
            return (outcome, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (policy.AfterNetworkError(attempt, $"No answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."), null);
        }
        catch (HttpRequestException ex)
        {
            return (policy.AfterNetworkError(attempt, "Network error: " + ex.Message), null);
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[300];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            return Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ").Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    private async Task RecordAsync(WebhookDelivery delivery, int attempt, WebhookAttemptOutcome outcome, int? statusCode, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var stored = await db.WebhookDeliveries.FirstAsync(d => d.Id == delivery.Id, ct);
            stored.Attempts = attempt;
            stored.LastAttemptAt = now;
            stored.LastStatusCode = statusCode;
            stored.LastError = outcome.Error is { } e && e.Length > WebhookDelivery.ErrorMaxLength ? e[..WebhookDelivery.ErrorMaxLength] : outcome.Error;
            switch (outcome.Decision)
            {
                case WebhookAttemptDecision.Delivered:
                    stored.Status = WebhookDeliveryStatus.Delivered;
                    stored.DeliveredAt = now;
                    break;
                case WebhookAttemptDecision.Retry:
                    stored.NextAttemptAt = now + outcome.Delay;
                    break;
                default:
                    stored.Status = WebhookDeliveryStatus.Failed;
                    break;
            }
            await db.SaveChangesAsync(ct);
        }
        switch (outcome.Decision)
        {
            case WebhookAttemptDecision.Delivered:
                LogDelivered(logger, delivery.Id, delivery.WebhookName, attempt);
                break;
            case WebhookAttemptDecision.Retry:
                LogRetry(logger, delivery.Id, delivery.WebhookName, attempt, outcome.Error, outcome.Delay);
                break;
            default:
                LogFailed(logger, delivery.Id, delivery.WebhookName, attempt, outcome.Error);
                // A notification nobody received is worth a line in the ledger.
                await audit.AppendAsync(new AuditEntry("webhook-sender", AuditActorKind.System, AuditActions.NotificationDeliveryFailed, delivery.WebhookName, AuditOutcome.Failed,
                    new { deliveryId = delivery.Id, kind = delivery.Kind.ToString(), attempts = attempt, error = outcome.Error }), ct);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook sender failed; retrying at the next poll")]
    private static partial void LogSenderFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {Id} to {Webhook} delivered at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, long id, string webhook, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {Id} to {Webhook} attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, long id, string webhook, int attempt, string? error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {Id} to {Webhook} failed after {Attempt} attempt(s): {Error}")]
    private static partial void LogFailed(ILogger logger, long id, string webhook, int attempt, string? error);
}
