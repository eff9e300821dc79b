namespace JitDashboard.Features.Notifications;

/// <summary>One outbox row for the page and <c>GET /api/v1/notifications/deliveries</c>.</summary>
public sealed record WebhookDeliveryView(
    long Id,
    string Webhook,
    string Kind,
    string Format,
    string Title,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    string? TestSentBy);
