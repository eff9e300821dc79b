using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Sharing;
using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Posture;

/// <summary>
/// Records a trend point after each estate refresh. The estate's event must not wait for the database, so it only
/// keeps the newest recordable snapshot and wakes this worker; a newer snapshot replaces one not yet written, and a
/// failed write is retried (with backoff) unless a newer snapshot has come meanwhile. With several instances only the
/// estate leader records: a standby's estate is the leader's, adopted, and its point would be a second one.
/// </summary>
internal sealed class PostureRecorder(
    IEstateService estate,
    IPostureHistory history,
    EstateLeadership leadership,
    WorkSignal<PostureRecorder> signal,
    WorkerRegistry registry,
    TimeProvider time,
    ILogger<PostureRecorder> logger) : BackgroundWorker(registry, time, logger, signal)
{
    private EstateSnapshot? _pending;
    private long _queued;

    /// <summary>Snapshots this instance took to record (tests: none on a standby).</summary>
    internal long Queued => Interlocked.Read(ref _queued);

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
        if (Interlocked.Exchange(ref _pending, null) is not { } snapshot || !leadership.IsLeader) return null;
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
        if (!leadership.IsLeader || !PostureHistory.IsRecordable(snapshot)) return;
        Interlocked.Exchange(ref _pending, snapshot);
        Interlocked.Increment(ref _queued);
        Wake();
    }
}
