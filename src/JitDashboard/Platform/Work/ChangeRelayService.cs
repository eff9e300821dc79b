namespace JitDashboard.Platform.Work;

/// <summary>
/// A feature's in-process change event carried to the other instances (one instance: nothing to do): the feature
/// hooks its event and calls <see cref="Send"/> with the changed row's id; a change from another instance is re-read
/// by <see cref="ReadAsync"/> and raised here without being sent again (<see cref="ChangeRelay.Replay"/>).
/// </summary>
public abstract partial class ChangeRelayService(IChangeBus bus, string topic, ILogger logger) : IHostedService
{
    private ChangeRelay? _relay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!bus.IsShared) return Task.CompletedTask;
        _relay = new ChangeRelay(bus, topic, id => _ = ReplayAsync(id));
        Attach();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Detach();
        _relay?.Subscription.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Hooks the feature's change event (which calls <see cref="Send"/>).</summary>
    protected abstract void Attach();

    /// <summary>Unhooks it.</summary>
    protected abstract void Detach();

    /// <summary>Re-reads the row changed elsewhere; the action raises the feature's event with it (null: it is gone).</summary>
    protected abstract Task<Action?> ReadAsync(Guid id);

    /// <summary>A change made on this instance.</summary>
    protected void Send(Guid id) => _relay?.Local(id.ToString());

    private async Task ReplayAsync(string id)
    {
        try
        {
            if (!Guid.TryParse(id, out var key)) return;
            if (await ReadAsync(key) is { } raise) ChangeRelay.Replay(raise);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The page's own reload (navigation, its timer) shows it later.
            LogReplayFailed(logger, ex, topic, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change bus: re-reading {Topic} {Id} changed on another instance failed")]
    private static partial void LogReplayFailed(ILogger logger, Exception ex, string topic, string id);
}
