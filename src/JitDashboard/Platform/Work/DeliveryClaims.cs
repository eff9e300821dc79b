using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Work;

/// <summary>
/// "Act on this delivery once, whichever instance received it": the first instance to insert the delivery's key
/// (the table's primary key) acts; the others see it taken. Keys are kept for <see cref="Retention"/> (longer than
/// any sender retries: Event Grid gives up after 24 h), then pruned.
/// </summary>
public sealed class DeliveryClaims(IDbContextFactory<JitDbContext> factory, TimeProvider time)
{
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(2);

    /// <summary>True when this call claimed <paramref name="key"/>; false when an instance (this one or another) already had.</summary>
    public async Task<bool> TryClaimAsync(string key, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength) throw new ArgumentException($"A delivery key has at most {MaxKeyLength} characters.", nameof(key));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(ct);
        await PruneAsync(db, now, ct);
        return await InsertAsync(db, key, now, ct) == 1;
    }

    /// <summary>Of these keys, those an instance has already claimed (a read: nothing is claimed here).</summary>
    public async Task<IReadOnlySet<string>> ClaimedAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0) return found;
        await using var db = await factory.CreateDbContextAsync(ct);
        foreach (var chunk in keys.Chunk(500))
            found.UnionWith(await db.Set<DeliveryClaim>().Where(c => chunk.Contains(c.Key)).Select(c => c.Key).ToListAsync(ct));
        return found;
    }

    /// <summary>Claims each key no instance has claimed yet, in one transaction (the others stay as they are).</summary>
    public async Task ClaimAllAsync(IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0) return;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await PruneAsync(db, now, ct);
        foreach (var key in keys)
            await InsertAsync(db, key, now, ct);
        await tx.CommitAsync(ct);
    }

    private static Task PruneAsync(JitDbContext db, long now, CancellationToken ct)
    {
        var old = now - (long)Retention.TotalMilliseconds;
        return db.Set<DeliveryClaim>().Where(c => c.ClaimedAtMs < old).ExecuteDeleteAsync(ct);
    }

    // ON CONFLICT DO NOTHING: the loser of a race learns it from the row count (0), without an error logged.
    private static Task<int> InsertAsync(JitDbContext db, string key, long now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"INSERT INTO delivery_claims (key, claimed_at_ms) VALUES ({key}, {now}) ON CONFLICT (key) DO NOTHING", ct);

    /// <summary>A key for <paramref name="id"/> under <paramref name="prefix"/>, hashed when it would be too long.</summary>
    public static string KeyFor(string prefix, string id)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(id);
        var key = prefix + ":" + id;
        return key.Length <= MaxKeyLength
            ? key
            : prefix + "#" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>Gives a claim back (the work failed before it did anything), so a retry of the delivery is acted on.</summary>
    public async Task ReleaseAsync(string key, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Set<DeliveryClaim>().Where(c => c.Key == key).ExecuteDeleteAsync(ct);
    }
}
