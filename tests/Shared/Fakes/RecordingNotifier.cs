using System.Collections.Concurrent;
using JitDashboard.Platform.Notifications;

namespace JitDashboard.Testing.Fakes;

/// <summary>Keeps every notification the app publishes, so a test can see one leave (optionally into a queue it owns).</summary>
public sealed class RecordingNotifier(ConcurrentQueue<NotificationEvent>? into = null) : INotifier
{
    public ConcurrentQueue<NotificationEvent> Events { get; } = into ?? new();

    public ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(notification);
        return ValueTask.CompletedTask;
    }
}
