using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Work;

/// <summary>
/// "Only one instance does this": a row per lease name in the shared database. The holder renews it before it
/// expires; another instance takes it over only once it has expired (the holder died or lost the database).
/// Each acquire or renew is one conditional UPDATE (or an INSERT ... ON CONFLICT DO NOTHING for a new name), so two instances can never both
/// win. Reusable: give each job its own name.
/// </summary>
public sealed class DatabaseLease(IDbContextFactory<JitDbContext> factory, TimeProvider time, string name, string holder) : IWorkLease
{
    public string Name { get; } = name;

    /// <summary>This instance's id (machine, process, random part).</summary>
    public string Holder { get; } = holder;

    /// <summary>True after the last successful <see cref="TryAcquireAsync"/>, until it expires.</summary>
    public bool IsHeld => _heldUntilMs > time.GetUtcNow().ToUnixTimeMilliseconds();

    private long _heldUntilMs;

    public static string NewHolderId()
    {
        var id = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return id.Length <= 256 ? id : id[^256..];
    }

    /// <summary>Takes or renews the lease for <paramref name="duration"/>; false when another live holder has it.</summary>
    public async Task<bool> TryAcquireAsync(TimeSpan duration, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)duration.TotalMilliseconds;
        await using var db = await factory.CreateDbContextAsync(ct);
        var updated = await db.Leases
            .Where(l => l.Name == Name && (l.Holder == Holder || l.ExpiresAtMs < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, Holder).SetProperty(l => l.ExpiresAtMs, until), ct);
        if (updated == 0)
        {
            if (await db.Leases.AnyAsync(l => l.Name == Name, ct))
            {
                _heldUntilMs = 0;
                return false;
            }
            // ON CONFLICT DO NOTHING (both providers): two instances starting together race for the new row, and
            // the loser must get "not inserted", not a duplicate-key exception EF logs at Error.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO leases (name, holder, expires_at_ms) VALUES ({Name}, {Holder}, {until}) ON CONFLICT (name) DO NOTHING", ct);
            if (inserted == 0)
            {
                _heldUntilMs = 0;
                return false;
            }
        }
        _heldUntilMs = until;
        return true;
    }

    /// <summary>Gives the lease up (on shutdown), so another instance need not wait for it to expire.</summary>
    public async Task ReleaseAsync(CancellationToken ct = default)
    {
        _heldUntilMs = 0;
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Leases.Where(l => l.Name == Name && l.Holder == Holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAtMs, 0L), ct);
    }

    /// <summary>Who holds it now (null when free or expired).</summary>
    public async Task<string?> CurrentHolderAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Leases.AsNoTracking().Where(l => l.Name == Name && l.ExpiresAtMs >= now).Select(l => l.Holder).FirstOrDefaultAsync(ct);
    }
}
