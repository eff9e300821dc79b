namespace JitDashboard.Features.Notifications;

/// <summary>The payload shape a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary>A Microsoft Teams incoming webhook: an Adaptive Card in the <c>attachments</c> envelope.</summary>
    Teams,

    /// <summary>A Slack incoming webhook: <c>text</c> plus Block Kit <c>blocks</c>.</summary>
    Slack,

    /// <summary>Plain JSON: <c>{ kind, title, summary, facts, link, occurredAt }</c>.</summary>
    Json,
}
