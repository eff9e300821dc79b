using System.Text.Json.Serialization;

namespace JitDashboard.Features.Notifications;

public sealed record WebhookTestAccepted([property: JsonPropertyName("deliveryId")] long DeliveryId);
