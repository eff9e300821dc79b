namespace JitDashboard.Features.Notifications;

/// <summary>The result of "Send test": the queued delivery, or why nothing was queued.</summary>
public sealed record WebhookTestResult(long? DeliveryId, string? Error);
