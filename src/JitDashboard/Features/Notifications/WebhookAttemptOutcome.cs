namespace JitDashboard.Features.Notifications;

/// <summary>The outcome of posting a delivery and, when retried, how long until the next attempt.</summary>
public sealed record WebhookAttemptOutcome(WebhookAttemptDecision Decision, TimeSpan Delay, string? Error);
