using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// The outbox: one row per event and matching webhook, written by <see cref="INotifier.PublishAsync"/> before any
/// HTTP call, so that the sender retries it and a restart resumes it. The body is formatted when the event is
/// published; the URL and secret are read from the settings at each attempt (never stored).
/// </summary>
public sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 1000;

    public long Id { get; set; }
    public string WebhookName { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public WebhookFormat Format { get; set; }
    public string Title { get; set; } = "";

    /// <summary>The exact JSON body POSTed (and signed).</summary>
    public string Body { get; set; } = "";

    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the sender may try next (Pending only).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Who asked for a test send; null for real events.</summary>
    public string? TestSentBy { get; set; }
}
