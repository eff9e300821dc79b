namespace JitDashboard.Platform.Work;

/// <summary>
/// The bus of a single instance (SQLite): there is nobody else to tell, and this instance's own in-process events
/// already reached its pages, so publishing does nothing.
/// </summary>
public sealed class InProcessChangeBus : IChangeBus
{
    public string InstanceId { get; } = DatabaseLease.NewHolderId();

    public bool IsShared => false;

    public event Action? Reconnected
    {
        add { }
        remove { }
    }

    public Task PublishAsync(string topic, string payload = "", CancellationToken ct = default) => Task.CompletedTask;

    public IDisposable Subscribe(string topic, Action<ChangeMessage> handler) => new Nothing();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
