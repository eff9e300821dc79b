using System.Collections.Concurrent;

namespace JitDashboard.Platform.Work;

/// <summary>The handlers of a <see cref="IChangeBus"/> by topic; a failing handler is logged and does not stop the others.</summary>
public sealed partial class ChangeSubscribers(ILogger logger)
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _byTopic = new(StringComparer.Ordinal);

    public IDisposable Add(string topic, Action<ChangeMessage> handler)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        _byTopic.AddOrUpdate(topic, _ => new ImmutableHandlers([handler]), (_, h) => new ImmutableHandlers([.. h.Items, handler]));
        return new Subscription(() => _byTopic.AddOrUpdate(topic, _ => new ImmutableHandlers([]), (_, h) => new ImmutableHandlers([.. h.Items.Where(x => x != handler)])));
    }

    public void Deliver(ChangeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_byTopic.TryGetValue(message.Topic, out var handlers)) return;
        foreach (var handler in handlers.Items)
        {
            try
            {
                handler(message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogHandlerFailed(logger, ex, message.Topic);
            }
        }
    }

    private sealed record ImmutableHandlers(IReadOnlyList<Action<ChangeMessage>> Items);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change bus: a handler of {Topic} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, string topic);
}
