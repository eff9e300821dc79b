using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

/// <summary>Wakes the sender when deliveries were queued (it also polls, so a lost signal only delays).</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// The <see cref="INotifier"/>: writes one outbox row per matching webhook and wakes the <see cref="WebhookSender"/>.
/// Never calls a receiver and never throws; a failure to queue is logged, the caller's workflow carries on.
/// </summary>
public sealed partial class WebhookNotifier(
    IDbContextFactory<JitDbContext> factory,
    IOptionsMonitor<NotificationsOptions> options,
    WebhookSignal signal,
    TimeProvider time,
    ILogger<WebhookNotifier> logger) : INotifier
{
    public async ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(notification);
            LogPublished(logger, notification.Kind, notification.Title);
            var settings = options.CurrentValue;
            var targets = settings.Webhooks.Where(w => w.Accepts(notification.Kind)).ToList();
            if (targets.Count == 0) return;
            await QueueAsync(targets, notification, settings.PublicBaseUrl, testSentBy: null, cancellationToken);
        }
        catch (Exception ex)
        {
            LogQueueFailed(logger, ex, notification?.Kind);
        }
    }

    /// <summary>Writes the deliveries and wakes the sender; returns them with their ids.</summary>
    internal async Task<List<WebhookDelivery>> QueueAsync(
        IReadOnlyList<WebhookOptions> targets, NotificationEvent notification, string? publicBaseUrl, string? testSentBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var deliveries = targets.Select(w =>
        {
            var format = w.ParsedFormat;
            return new WebhookDelivery
            {
                WebhookName = w.Name,
                Kind = notification.Kind,
                Format = format,
                Title = notification.Title.Length <= 500 ? notification.Title : notification.Title[..499] + "…",
                Body = WebhookPayloads.Format(format, notification, publicBaseUrl),
                Status = WebhookDeliveryStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
                TestSentBy = testSentBy,
            };
        }).ToList();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.WebhookDeliveries().AddRange(deliveries);
            await db.SaveChangesAsync(ct);
        }
        signal.Notify();
        return deliveries;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Kind}: {Title}")]
    private static partial void LogPublished(ILogger logger, NotificationKind kind, string title);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue the webhook deliveries of a {Kind} notification")]
    private static partial void LogQueueFailed(ILogger logger, Exception ex, NotificationKind? kind);
}
