namespace JitDashboard.Features.Notifications;

/// <summary>Where a delivery stands after the sender's call (Polly's retries included).</summary>
public enum WebhookAttemptDecision
{
    Delivered,
    Retry,
    GiveUp,
}
