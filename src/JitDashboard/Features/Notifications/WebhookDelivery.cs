using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Notifications;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<WebhookDeliveryStatus>))]
public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

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

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(d => d.WebhookName).HasColumnName("webhook_name").HasMaxLength(NotificationsOptionsValidator.NameMaxLength);
        b.Property(d => d.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(32);
        b.Property(d => d.Format).HasColumnName("format").HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Title).HasColumnName("title").HasMaxLength(500);
        b.Property(d => d.Body).HasColumnName("body");
        b.Property(d => d.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.Attempts).HasColumnName("attempts");
        b.Property(d => d.CreatedAt).HasColumnName("created_at");
        b.Property(d => d.NextAttemptAt).HasColumnName("next_attempt_at");
        b.Property(d => d.LastAttemptAt).HasColumnName("last_attempt_at");
        b.Property(d => d.LastStatusCode).HasColumnName("last_status_code");
        b.Property(d => d.LastError).HasColumnName("last_error").HasMaxLength(WebhookDelivery.ErrorMaxLength);
        b.Property(d => d.DeliveredAt).HasColumnName("delivered_at");
        b.Property(d => d.TestSentBy).HasColumnName("test_sent_by").HasMaxLength(256);
        // The sender's query: due Pending rows.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => d.CreatedAt);
    }
}
