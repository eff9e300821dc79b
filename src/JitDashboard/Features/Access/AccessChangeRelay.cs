using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

/// <summary>
/// With several instances, a request filed, decided or activated on one shows on the others' pages at once: its
/// id goes on the change bus, and each other instance re-reads the request and raises <see cref="AccessEvents.Changed"/>.
/// </summary>
internal sealed partial class AccessChangeRelay(AccessEvents events, IChangeBus bus, IDbContextFactory<JitDbContext> factory, ILogger<AccessChangeRelay> logger)
    : IHostedService
{
    private ChangeRelay? _relay;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!bus.IsShared) return Task.CompletedTask;
        _relay = new ChangeRelay(bus, "access", id => _ = ReplayAsync(id));
        events.Changed += OnLocal;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Changed -= OnLocal;
        _relay?.Subscription.Dispose();
        return Task.CompletedTask;
    }

    private void OnLocal(AccessRequestView view) => _relay?.Local(view.Id.ToString());

    private async Task ReplayAsync(string id)
    {
        try
        {
            if (!Guid.TryParse(id, out var key)) return;
            await using var db = await factory.CreateDbContextAsync();
            var request = await db.AccessRequests().AsNoTracking().FirstOrDefaultAsync(r => r.Id == key);
            if (request is not null) ChangeRelay.Replay(() => events.Publish(request));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The page's own reload (navigation, its timer) shows it later.
            LogReplayFailed(logger, ex, id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access: re-reading request {Id} changed on another instance failed")]
    private static partial void LogReplayFailed(ILogger logger, Exception ex, string id);
}
