namespace JitDashboard.Platform.Notifications;

/// <summary>
/// Publishes events to the configured outgoing webhooks. Never blocks the caller's workflow and never
/// throws: delivery is queued and retried in the background.
/// </summary>
public interface INotifier
{
    ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default);
}
