using JitDashboard.Platform.Work;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// On the estate leader only (its lease): applies the events standbys stored in the inbox (<see cref="EstateInboxStore"/>)
/// and deletes them once the estate shows them. Woken by the standby's NOTIFY; it also looks every
/// <see cref="Interval"/> (a NOTIFY can be lost) and at once on taking the lease over, so a leader that died before
/// acting leaves nothing behind. At least once: a leader that dies mid-pass leaves the rows to the next.
/// </summary>
public sealed partial class EstateInboxWorker(
    EstateInboxStore inbox,
    EstateLeadership leadership,
    IChangeBus bus,
    EstateRefreshCoordinator coordinator,
    IOptions<EstateOptions> options,
    WorkerRegistry registry,
    WorkSignal<EstateInboxWorker> signal,
    TimeProvider time,
    ILogger<EstateInboxWorker> logger) : BackgroundWorker(registry, time, logger, signal)
{
    private const int MaxRows = 500;

    /// <summary>Rows applied by this instance (tests, diagnostics).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    private long _applied;

    protected override bool Enabled => bus.IsShared;

    protected override WorkerLease? Lease => leadership.WorkerLease;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(10);

    protected override WorkerBackoff Backoff => WorkerBackoff.From(TimeSpan.FromSeconds(1));

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        var rows = await inbox.PeekAsync(MaxRows, ct);
        if (rows.Count == 0) return null;
        // The same debounce as events delivered here: a burst about one resource becomes one read.
        var due = DateTimeOffset.FromUnixTimeMilliseconds(rows[0].ReceivedAtMs) + options.Value.EventDebounce;
        var now = Time.GetUtcNow();
        if (rows.Count < MaxRows && due > now && !JustTookOver) return due - now;

        var ids = rows.SelectMany(r => r.ResourceIds.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count > options.Value.MaxPendingResources) await coordinator.SweepAsync(ct);
        else if (ids.Count > 0) await coordinator.RefreshNowAsync(ids, ct);
        // Counted before the rows go: whoever sees the inbox empty also sees them applied.
        Interlocked.Add(ref _applied, rows.Count);
        await inbox.DeleteAsync(rows.Select(r => r.Id).ToList(), ct);
        var events = rows.Sum(r => r.Events);
        LogApplied(Logger, rows.Count, events, ids.Count);
        return rows.Count == MaxRows ? TimeSpan.Zero : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Estate: applied {Rows} forwarded deliveries ({Events} events, {Resources} resources)")]
    private static partial void LogApplied(ILogger logger, int rows, int events, int resources);
}
