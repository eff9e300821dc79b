namespace JitDashboard.Platform.Notifications;

/// <summary>What happened; each kind can be routed to the outgoing webhooks.</summary>
public enum NotificationKind
{
    AccessRequested,
    AccessDecided,
    AccessActive,
    AccessExpiring,
    AccessExpired,
    DriftDetected,
    AutomationRun,

    /// <summary>"Send test" on the notifications page; goes to the named webhook whatever its event filter.</summary>
    Test,
}

/// <summary>
/// One event for the outgoing webhooks (Teams, Slack, plain JSON). Text fields are plain text: the
/// formatters escape them for each target.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Title">One line, e.g. "alice requested SSH on vm-web-01".</param>
/// <param name="Summary">A sentence or two.</param>
/// <param name="Facts">Name/value pairs shown as a table (VM, ports, until, approver...).</param>
/// <param name="Link">A path in the dashboard (e.g. "/access/requests/{id}"), made absolute by the sender.</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record NotificationEvent(
    NotificationKind Kind,
    string Title,
    string Summary,
    IReadOnlyDictionary<string, string> Facts,
    string? Link,
    DateTimeOffset OccurredAt);

/// <summary>
/// Publishes events to the configured outgoing webhooks. Never blocks the caller's workflow and never
/// throws: delivery is queued and retried in the background.
/// </summary>
public interface INotifier
{
    ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default);
}
