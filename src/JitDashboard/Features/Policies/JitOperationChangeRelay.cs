using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Policies;

/// <summary>
/// With several instances, an operation's progress made on one (its runner) shows on the others' pages: its id goes
/// on the change bus, and each other instance re-reads it and raises <see cref="JitOperationService.OperationChanged"/>.
/// </summary>
internal sealed partial class JitOperationChangeRelay(JitOperationService operations, IChangeBus bus, ILogger<JitOperationChangeRelay> logger) : IHostedService
{
    private ChangeRelay? _relay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!bus.IsShared) return Task.CompletedTask;
        _relay = new ChangeRelay(bus, "operation", id => _ = ReplayAsync(id));
        operations.OperationChanged += OnLocal;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        operations.OperationChanged -= OnLocal;
        _relay?.Subscription.Dispose();
        return Task.CompletedTask;
    }

    private void OnLocal(JitOperationView view) => _relay?.Local(view.Id.ToString());

    private async Task ReplayAsync(string id)
    {
        try
        {
            if (!Guid.TryParse(id, out var key)) return;
            if (await operations.GetAsync(key) is { } view) ChangeRelay.Replay(() => operations.Publish(view));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReplayFailed(logger, ex, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operations: re-reading operation {Id} changed on another instance failed")]
    private static partial void LogReplayFailed(ILogger logger, Exception ex, string id);
}
