using System.Text.Json;
using JitDashboard.Platform.Work;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// On the leader, does what standbys forward (<see cref="EstateForwarder"/>): wakes the inbox for their events, runs
/// their refreshes, and answers once the result is stored for them. Other instances ignore the requests.
/// </summary>
public sealed partial class EstateRequestHandler(
    IChangeBus bus,
    EstateLeadership leadership,
    EstateRefreshCoordinator coordinator,
    SharedEstateWorker shared,
    WorkSignal<EstateInboxWorker> inbox,
    ILogger<EstateRequestHandler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bus.IsShared) return;
        var tracker = new WorkTracker(ex => LogRequestFailed(logger, ex));
        using (bus.Subscribe(EstateForwarder.RequestTopic, message => Handle(message, tracker, stoppingToken)))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
        await tracker.WhenAllAsync();
    }

    private void Handle(ChangeMessage message, WorkTracker tracker, CancellationToken stopping)
    {
        if (!leadership.IsLeader) return;
        EstateRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<EstateRequest>(message.Payload, EstateForwarder.Json);
        }
        catch (JsonException)
        {
            return;
        }
        if (request is null) return;
        if (request.Kind == EstateRequestKind.Notify)
        {
            // Empty: events wait in the inbox table. With ids: the standby could not store them.
            if (request.ResourceIds.Count == 0) inbox.Notify();
            else coordinator.Notify(request.ResourceIds, Math.Max(1, request.Events));
            return;
        }
        tracker.Start(ct => RunAsync(request, ct), stopping);
    }

    private async Task RunAsync(EstateRequest request, CancellationToken ct)
    {
        IReadOnlySet<string>? changed = null;
        switch (request.Kind)
        {
            case EstateRequestKind.Now:
                changed = await coordinator.RefreshNowAsync(request.ResourceIds, ct);
                break;
            case EstateRequestKind.Sweep:
                await coordinator.SweepAsync(ct);
                break;
            default:
                await coordinator.RefreshAfterChangeAsync(ct);
                break;
        }
        var version = await shared.StoredAsync(ct);
        var ids = changed?.ToList();
        var reply = JsonSerializer.Serialize(new EstateReply(request.Id, version, ids), EstateForwarder.Json);
        if (System.Text.Encoding.UTF8.GetByteCount(reply) > ChangeMessage.MaxPayloadBytes)
            reply = JsonSerializer.Serialize(new EstateReply(request.Id, version, null), EstateForwarder.Json);
        await bus.PublishAsync(EstateForwarder.ReplyTopic, reply, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: a standby's request failed; it asks again")]
    private static partial void LogRequestFailed(ILogger logger, Exception ex);
}
