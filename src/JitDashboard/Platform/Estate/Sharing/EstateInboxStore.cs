using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// The <c>estate_inbox</c> table: a standby adds the events it received (<see cref="EstateForwarder.NotifyAsync"/>),
/// the estate leader reads them, applies them and deletes them (<see cref="EstateInboxWorker"/>). Durable, unlike the
/// NOTIFY that only wakes the leader: a leader that dies first leaves them to the next.
/// </summary>
public sealed class EstateInboxStore(IDbContextFactory<JitDbContext> factory, TimeProvider time)
{
    /// <summary>Stores one delivery's resources.</summary>
    public async Task AddAsync(IReadOnlyList<string> resourceIds, int events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Set<EstateInboxRow>().Add(new EstateInboxRow
        {
            ResourceIds = string.Join('\n', resourceIds),
            Events = events,
            ReceivedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The oldest <paramref name="take"/> rows, oldest first.</summary>
    public async Task<List<EstateInboxRow>> PeekAsync(int take, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<EstateInboxRow>().AsNoTracking().OrderBy(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Removes rows once applied.</summary>
    public async Task DeleteAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<EstateInboxRow>().Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>How many rows wait (tests, diagnostics).</summary>
    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Set<EstateInboxRow>().CountAsync(ct);
    }
}
