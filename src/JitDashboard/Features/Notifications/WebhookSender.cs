using JitDashboard.Features.Audit;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// Posts the queued deliveries (the database outbox): due Pending rows, up to four at once and two per webhook, each
/// claimed with a lease so that one instance posts it. Retries, backoff, Retry-After and the per-attempt timeout are
/// the webhook HttpClient's Polly pipeline (<see cref="WebhookResilience"/>); every attempt is recorded on the row.
/// A delivery interrupted by shutdown or a crash stays Pending and is resumed after the restart (receivers can
/// de-duplicate by <c>X-JitDashboard-Delivery</c>).
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

    /// <summary>
    /// Posts in flight to one webhook: Polly waits out a failing receiver's backoff inside the post, so a receiver
    /// that is down holds at most these slots and the others stay free for the other webhooks.
    /// </summary>
    private const int MaxPerWebhook = 2;

    /// <summary>Added to the timeout for a claimed row's lease, so that a slow write of the outcome is not overtaken.</summary>
    private static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    // Deliveries being posted now. A slow or hanging receiver holds one slot until its timeout; the others go on.
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private readonly ConcurrentDictionary<long, string> _inFlightWebhooks = new();
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

    /// <summary>
    /// Starts posting due deliveries while there are free slots, at most <see cref="MaxPerWebhook"/> per webhook (a
    /// receiver that is down and being retried holds its own queue, not everyone's); a finished post signals the loop.
    /// </summary>
    private async Task StartDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var busy = _inFlight.Keys.ToList();
        var perWebhook = _inFlightWebhooks.Values.GroupBy(w => w, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        List<(long Id, string WebhookName)> due;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            due = (await db.WebhookDeliveries().AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && !busy.Contains(d.Id))
                .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.WebhookName }).Take(MaxParallel * 4).ToListAsync(ct))
                .Select(d => (d.Id, d.WebhookName)).ToList();
        }
        foreach (var (id, webhookName) in due)
        {
            var inFlight = perWebhook.GetValueOrDefault(webhookName);
            if (inFlight >= MaxPerWebhook) continue;
            perWebhook[webhookName] = inFlight + 1;
            if (!await _slots.WaitAsync(0, ct)) return;
            _inFlightWebhooks[id] = webhookName;
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
            _inFlightWebhooks.TryRemove(id, out _);
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
        // A webhook at its limit of posts in flight: its next row waits for one of them, which signals when done.
        var busyWebhooks = _inFlightWebhooks.Values.GroupBy(w => w, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() >= MaxPerWebhook).Select(g => g.Key).ToList();
        await using var db = await factory.CreateDbContextAsync(ct);
        var next = await db.WebhookDeliveries().AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && !busy.Contains(d.Id) && !busyWebhooks.Contains(d.WebhookName))
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
            var claimed = await db.WebhookDeliveries()
                .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, lease), ct);
            if (claimed == 0) return;
            delivery = await db.WebhookDeliveries().AsNoTracking().FirstAsync(d => d.Id == id, ct);
        }
        var webhook = settings.Find(delivery.WebhookName);
        WebhookAttemptOutcome outcome;
        int? statusCode = null;
        int attempt;
        if (webhook is null)
        {
            attempt = delivery.Attempts + 1;
            outcome = new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, $"The webhook '{delivery.WebhookName}' is no longer configured.");
        }
        else
        {
            // Polly retries within this call (WebhookResilience); each retry is recorded and extends the lease.
            var observer = new WebhookAttemptObserver(delivery.Attempts, settings.MaxAttempts, info => RecordRetryAsync(delivery, webhook, info, settings.Timeout, ct));
            try
            {
                (outcome, statusCode) = await PostAsync(delivery, webhook, observer, settings.Timeout, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutdown: the attempt under way does not count; the row stays Pending, due at once after the restart.
                await ReleaseLeaseAsync(id);
                throw;
            }
            attempt = observer.CurrentAttempt;
        }
        await RecordAsync(delivery, attempt, outcome, statusCode, ct);
    }

    /// <summary>
    /// A failed attempt Polly retries: recorded on the outbox row, whose lease now runs past the retry (so another
    /// instance never posts it meanwhile, and a crash lets it resume after the lease); the request is re-signed.
    /// </summary>
    private async ValueTask RecordRetryAsync(WebhookDelivery delivery, WebhookOptions webhook, WebhookRetryInfo info, TimeSpan timeout, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var error = info.Error.Length > WebhookDelivery.ErrorMaxLength ? info.Error[..WebhookDelivery.ErrorMaxLength] : info.Error;
            await db.WebhookDeliveries().Where(d => d.Id == delivery.Id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(d => d.Attempts, info.Attempt)
                    .SetProperty(d => d.LastAttemptAt, now)
                    .SetProperty(d => d.LastStatusCode, info.StatusCode)
                    .SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.NextAttemptAt, now + info.Delay + timeout + LeaseMargin), ct);
        }
        LogRetry(logger, delivery.Id, delivery.WebhookName, info.Attempt, info.Error, info.Delay);
        if (info.Request is { } request)
            Sign(request, delivery, webhook, info.Delay);
    }

    private async Task ReleaseLeaseAsync(long id)
    {
        try
        {
            var now = time.GetUtcNow();
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            await db.WebhookDeliveries().Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease then simply runs out.
            LogSenderFailed(logger, ex);
        }
    }

    private async Task<(WebhookAttemptOutcome, int?)> PostAsync(
        WebhookDelivery delivery, WebhookOptions webhook, WebhookAttemptObserver observer, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("JitDashboard-Webhooks", "1.0"));
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Kind.ToString());
        Sign(request, delivery, webhook, TimeSpan.Zero);

        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(WebhookResilience.ObserverKey, observer);
        request.SetResilienceContext(context);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
                return (new(WebhookAttemptDecision.Delivered, TimeSpan.Zero, null), code);
            var transient = WebhookResilience.IsTransient(response);
            var error = $"HTTP {code} {response.StatusCode}" + (transient
                ? $" (gave up after {observer.CurrentAttempt} attempts)."
                : " (not retried: the receiver refused the request).");
            // A few words from the receiver help (Slack answers e.g. "invalid_blocks"); never the whole body.
            var text = await ReadStartAsync(response, ct);
            if (text.Length > 0) error += ": " + text;
            return (new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, error), code);
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return (GaveUp(WebhookResilience.NoAnswer(timeout), observer), null);
        }
        catch (HttpRequestException ex)
        {
            return (GaveUp("Network error: " + ex.Message, observer), null);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static WebhookAttemptOutcome GaveUp(string error, WebhookAttemptObserver observer) =>
        new(WebhookAttemptDecision.GiveUp, TimeSpan.Zero, error + $" (gave up after {observer.CurrentAttempt} attempts).");

    /// <summary>Timestamp and, with a secret, the signature: set again before each retry, so a late retry is not stale.</summary>
    private void Sign(HttpRequestMessage request, WebhookDelivery delivery, WebhookOptions webhook, TimeSpan sentAfter)
    {
        var timestamp = (time.GetUtcNow() + sentAfter).ToUnixTimeSeconds();
        request.Headers.Remove(WebhookSignature.TimestampHeader);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        if (string.IsNullOrEmpty(webhook.Secret))
            return;
        request.Headers.Remove(WebhookSignature.SignatureHeader);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(webhook.Secret, timestamp, delivery.Body));
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
            var stored = await db.WebhookDeliveries().FirstAsync(d => d.Id == delivery.Id, ct);
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
