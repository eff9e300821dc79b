using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Notifications;

/// <summary>The notifications feature's tables in the shared database (the core names no feature's table).</summary>
public static class NotificationsTables
{
    /// <summary>The outgoing webhooks' outbox: one row per event and webhook, retried by the sender.</summary>
    public static DbSet<WebhookDelivery> WebhookDeliveries(this JitDbContext db) => db.Set<WebhookDelivery>();
}
