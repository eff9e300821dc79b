using System.Runtime.CompilerServices;
using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Audit;

/// <summary>The hash-chained, append-only audit ledger in the dashboard's database.</summary>
internal sealed partial class AuditLog(IDbContextFactory<JitDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger)
    : IAuditLog, IDisposable
{
    /// <summary>Rows per database round-trip when exporting or verifying; small in tests to cross batch boundaries.</summary>
    internal int BatchSize { get; set; } = 1000;

    // One append at a time in this process; the database lock (JitDbContext.LockAuditAppendsAsync,
    // SQLite's write transaction) covers other processes. Together the chain can never fork.
    private readonly SemaphoreSlim _appendLock = new(1, 1);

    public async Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken ct = default) =>
        (await AppendManyAsync([entry], ct))[0];

    public async Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Every entry is checked before the first is written: a batch is appended whole or not at all.
        var valid = entries.Select(AuditEntryValidation.Validate).ToList();
        if (valid.Count == 0) return [];

        await _appendLock.WaitAsync(ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.LockAuditAppendsAsync(ct);

            var last = await db.AuditEvents.AsNoTracking()
                .OrderByDescending(x => x.Id)
                .Select(x => new { x.Id, x.Hash })
                .FirstOrDefaultAsync(ct);

            var id = last?.Id ?? 0;
            var previousHash = last?.Hash ?? AuditHash.GenesisHash;
            var occurredAt = AuditHash.Normalize(time.GetUtcNow());
            var rows = new List<AuditEvent>(valid.Count);
            foreach (var e in valid)
            {
                id++;
                var row = new AuditEvent
                {
                    Id = id,
                    OccurredAt = occurredAt,
                    Actor = e.Actor,
                    ActorKind = e.ActorKind,
                    Action = e.Action,
                    Target = e.Target,
                    Outcome = e.Outcome,
                    Details = e.Details,
                    PreviousHash = previousHash,
                    Hash = AuditHash.Compute(id, occurredAt, e.Actor, e.ActorKind, e.Action, e.Target, e.Outcome, e.Details, previousHash),
                };
                rows.Add(row);
                previousHash = row.Hash;
            }

            db.AuditEvents.AddRange(rows);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);

            foreach (var row in rows) LogAppended(row.Id, row.Action);
            return rows;
        }
        finally
        {
            _appendLock.Release();
        }
    }

    public async Task<AuditEventPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var skip = Math.Max(0, query.Skip);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var filtered = Filter(db.AuditEvents.AsNoTracking(), query);
        var total = await filtered.LongCountAsync(ct);
        var events = await filtered.OrderByDescending(x => x.Id).Skip(skip).Take(pageSize).ToListAsync(ct);
        return new AuditEventPage(events, total, skip, pageSize);
    }

    public async IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Keyset batches with a fresh context each: no connection is held while the caller writes.
        long? before = null;
        while (true)
        {
            List<AuditEvent> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var filtered = Filter(db.AuditEvents.AsNoTracking(), query);
                if (before is { } b)
                {
                    filtered = filtered.Where(x => x.Id < b);
                }

                batch = await filtered.OrderByDescending(x => x.Id).Take(BatchSize).ToListAsync(ct);
            }

            foreach (var e in batch)
            {
                yield return e;
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            before = batch[^1].Id;
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var chain = new AuditChainVerifier();
        while (true)
        {
            List<AuditEvent> batch;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var afterId = chain.LastId;
                batch = await db.AuditEvents.AsNoTracking()
                    .Where(x => x.Id > afterId)
                    .OrderBy(x => x.Id)
                    .Take(BatchSize)
                    .ToListAsync(ct);
            }

            foreach (var e in batch)
            {
                if (chain.Accept(e) is { } broken)
                {
                    LogBroken(e.Id, broken.Failure!.Value);
                    return broken;
                }
            }

            if (batch.Count < BatchSize)
            {
                return chain.Result();
            }
        }
    }

    public void Dispose() => _appendLock.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Audit event {Id} appended: {Action}")]
    private partial void LogAppended(long id, string action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit chain broken at event {Id}: {Failure}")]
    private partial void LogBroken(long id, AuditChainFailure failure);

    private static IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> source, AuditQuery q)
    {
        if (q.From is { } from)
        {
            var fromUtc = from.ToUniversalTime();
            source = source.Where(x => x.OccurredAt >= fromUtc);
        }

        if (q.To is { } to)
        {
            var toUtc = to.ToUniversalTime();
            source = source.Where(x => x.OccurredAt < toUtc);
        }

        if (q.UpToId is { } upToId)
        {
            source = source.Where(x => x.Id <= upToId);
        }

        // Lower-case both sides so matching is case-insensitive on SQLite and PostgreSQL alike
        // (string.Contains with a StringComparison does not translate to SQL).
#pragma warning disable CA1862
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            var actor = q.Actor.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // Translated to SQL LOWER(); a .NET culture does not reach the database.
            source = source.Where(x => x.Actor.ToLower().Contains(actor));
#pragma warning restore CA1304, CA1311
        }

        if (!string.IsNullOrWhiteSpace(q.Target))
        {
            var target = q.Target.Trim().ToLowerInvariant();
#pragma warning disable CA1304, CA1311 // Translated to SQL LOWER(); a .NET culture does not reach the database.
            source = source.Where(x => x.Target.ToLower().Contains(target));
#pragma warning restore CA1304, CA1311
        }
#pragma warning restore CA1862

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            var action = q.Action.Trim();
            if (action.EndsWith('*'))
            {
                var prefix = action[..^1];
                source = source.Where(x => x.Action.StartsWith(prefix));
            }
            else
            {
                source = source.Where(x => x.Action == action);
            }
        }

        return source;
    }
}
