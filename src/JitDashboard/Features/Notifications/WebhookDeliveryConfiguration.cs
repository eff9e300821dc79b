using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Notifications;

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
