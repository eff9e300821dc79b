using System.Text.Json.Serialization;

namespace JitDashboard.Features.Notifications;

/// <summary>Body of <c>POST /api/v1/notifications/test</c>. Unknown fields are refused rather than ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record WebhookTestRequest([property: JsonPropertyName("webhook")] string? Webhook);
