using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Posture;

/// <summary>
/// Records a trend point after each estate refresh. The estate's event must not wait for the database, so it only
/// keeps the newest recordable snapshot and wakes this worker; a newer snapshot replaces one not yet written, and a
/// failed write is retried (with backoff) unless a newer snapshot has come meanwhile.
/// </summary>
internal sealed class PostureRecorder(
    IEstateService estate,
    IPostureHistory history,
    WorkSignal<PostureRecorder> signal,
    WorkerRegistry registry,
    TimeProvider time,
    ILogger<PostureRecorder> logger) : BackgroundWorker(registry, time, logger, signal)
{
    private EstateSnapshot? _pending;

    /// <summary>Only an estate change starts a pass.</summary>
    protected override TimeSpan Interval => Timeout.InfiniteTimeSpan;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        estate.Changed += OnChanged;
        // A refresh may have finished before this service subscribed.
        OnChanged(estate.Snapshot);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        estate.Changed -= OnChanged;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _pending, null) is not { } snapshot) return null;
        try
        {
            await history.RecordAsync(snapshot, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Retried at the next pass unless a newer snapshot replaced it.
            Interlocked.CompareExchange(ref _pending, snapshot, null);
            throw;
        }
        return null;
    }

    private void OnChanged(EstateSnapshot snapshot)
    {
        if (!PostureHistory.IsRecordable(snapshot)) return;
        Interlocked.Exchange(ref _pending, snapshot);
        Wake();
    }
}
