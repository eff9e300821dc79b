namespace JitDashboard.Features.Notifications;

/// <summary>Where a delivery stands after the sender's call (Polly's retries included).</summary>
public enum WebhookAttemptDecision
{
    Delivered,
    Retry,
    GiveUp,
}

/// <summary>The outcome of posting a delivery and, when retried, how long until the next attempt.</summary>
public sealed record WebhookAttemptOutcome(WebhookAttemptDecision Decision, TimeSpan Delay, string? Error);
