using System.Threading.Channels;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Posture;

/// <summary>The stored trend of the Overview's figures.</summary>
public interface IPostureHistory
{
    /// <summary>Stores the snapshot's figures unless a point was stored less than <c>SnapshotInterval</c> before; prunes old points.</summary>
    Task<bool> RecordAsync(EstateSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>Raised after a new point was stored (the Overview redraws its trend).</summary>
    event Action? Recorded;

    /// <summary>The points of the last <paramref name="days"/> days, oldest first.</summary>
    Task<IReadOnlyList<PostureSnapshot>> ListAsync(int days, CancellationToken cancellationToken = default);
}

public sealed class PostureHistory(IDbContextFactory<JitDbContext> dbFactory, IOptions<PostureOptions> options, TimeProvider timeProvider) : IPostureHistory
{
    // One writer at a time, so two refreshes finishing together cannot both pass the interval check.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public event Action? Recorded;

    /// <summary>Only a complete load is a fair point: a partial one (a subscription failed) would show a false drop.</summary>
    public static bool IsRecordable(EstateSnapshot snapshot) =>
        snapshot is { IsLoading: false, Error: null, RefreshedAt: not null } && snapshot.Subscriptions.Count > 0;

    public async Task<bool> RecordAsync(EstateSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!IsRecordable(snapshot))
            return false;
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var cutoff = now - settings.Retention;
            await db.PostureSnapshots().Where(s => s.TakenAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            var last = await db.PostureSnapshots().OrderByDescending(s => s.TakenAt).Select(s => (DateTimeOffset?)s.TakenAt).FirstOrDefaultAsync(cancellationToken);
            if (last is { } previous && now - previous < settings.SnapshotInterval)
                return false;
            db.PostureSnapshots().Add(PostureSnapshot.From(PostureCalculator.Calculate(snapshot), now));
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        Recorded?.Invoke();
        return true;
    }

    public async Task<IReadOnlyList<PostureSnapshot>> ListAsync(int days, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var since = timeProvider.GetUtcNow().AddDays(-days);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PostureSnapshots().AsNoTracking().Where(s => s.TakenAt >= since).OrderBy(s => s.TakenAt).ToListAsync(cancellationToken);
    }
}

/// <summary>
/// Records a trend point after each estate refresh. The estate's event must not wait for the database, so the
/// snapshot goes through a one-slot channel: a newer snapshot replaces one not yet written.
/// </summary>
internal sealed partial class PostureRecorder(IEstateService estate, IPostureHistory history, ILogger<PostureRecorder> logger) : BackgroundService
{
    private readonly Channel<EstateSnapshot> _queue = Channel.CreateBounded<EstateSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        estate.Changed += OnChanged;
        try
        {
            // A refresh may have finished before this service subscribed.
            OnChanged(estate.Snapshot);
            await foreach (var snapshot in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await history.RecordAsync(snapshot, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRecordFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            estate.Changed -= OnChanged;
        }
    }

    private void OnChanged(EstateSnapshot snapshot)
    {
        if (PostureHistory.IsRecordable(snapshot))
            _queue.Writer.TryWrite(snapshot);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posture: storing the trend point failed")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception);
}
