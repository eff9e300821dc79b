using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

public sealed class NotificationDeliveries(
    IDbContextFactory<JitDbContext> factory,
    IOptionsMonitor<NotificationsOptions> options,
    WebhookNotifier notifier,
    IAuditLog audit,
    TimeProvider time) : INotificationDeliveries
{
    public const int MaxTake = 500;

    public IReadOnlyList<WebhookSummary> Webhooks =>
        options.CurrentValue.Webhooks.Select(w => new WebhookSummary(
            w.Name,
            w.ParsedFormat.ToString(),
            Uri.TryCreate(w.Url, UriKind.Absolute, out var u) ? u.Authority : "",
            w.Events.Count == 0 ? [] : w.Events.Select(e => Enum.Parse<NotificationKind>(e, true).ToString()).ToList(),
            !string.IsNullOrEmpty(w.Secret))).ToList();

    public async Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(int take, string? webhook = null, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxTake);
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.WebhookDeliveries().AsNoTracking();
        if (!string.IsNullOrEmpty(webhook)) query = query.Where(d => d.WebhookName == webhook);
        // Newest first: ids grow with time and sort in SQL on every provider.
        var rows = await query.OrderByDescending(d => d.Id).Take(take).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<WebhookTestResult> SendTestAsync(string webhook, string actor, CancellationToken ct = default)
    {
        var settings = options.CurrentValue;
        var target = string.IsNullOrWhiteSpace(webhook) ? null : settings.Find(webhook);
        if (target is null) return new(null, $"No webhook named '{webhook}' is configured.");
        var sample = new NotificationEvent(
            NotificationKind.Test,
            "Test notification from JitDashboard",
            $"{actor} sent this test to check the '{target.Name}' webhook.",
            new Dictionary<string, string> { ["Webhook"] = target.Name, ["Format"] = target.ParsedFormat.ToString(), ["Sent by"] = actor },
            "/notifications",
            time.GetUtcNow());
        var queued = await notifier.QueueAsync([target], sample, settings.PublicBaseUrl, actor, ct);
        var id = queued[0].Id;
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.NotificationTestSent, target.Name, AuditOutcome.Succeeded,
            new { deliveryId = id, format = target.ParsedFormat.ToString() }), ct);
        return new(id, null);
    }

    public static WebhookDeliveryView ToView(WebhookDelivery d) => new(
        d.Id, d.WebhookName, d.Kind.ToString(), d.Format.ToString(), d.Title, d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt,
        d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastStatusCode, d.LastError, d.DeliveredAt, d.TestSentBy);
}
