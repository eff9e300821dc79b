namespace JitDashboard.Platform.Notifications;

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
