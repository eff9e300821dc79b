using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Posture;

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
