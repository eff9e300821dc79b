using System.Diagnostics;
using System.Globalization;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// Shares the estate between instances (PostgreSQL only; disabled with SQLite's single instance). On the leader it
/// stores each new snapshot (the subscriptions whose part changed, and the header) and NOTIFYs
/// <see cref="Topic"/> with the version and the VMs changed; on a standby it reads the stored parts that changed when
/// notified (and every <see cref="Interval"/>, and after the bus reconnects, in case a NOTIFY was missed) and shows
/// them (<see cref="EstateService.Adopt"/>), so its pages follow without reading ARM.
/// </summary>
public sealed partial class SharedEstateWorker : BackgroundWorker
{
    public const string Topic = "estate";

    private readonly EstateService _estate;
    private readonly EstateRefreshCoordinator _coordinator;
    private readonly EstateLeadership _leadership;
    private readonly IChangeBus _bus;
    private readonly IDbContextFactory<JitDbContext> _factory;
    private readonly SharedEstateVersion _version;
    private readonly Lock _gate = new();
    private readonly List<(long Seq, TaskCompletionSource<long> Done)> _storeWaiters = [];
    private readonly Dictionary<long, IReadOnlyList<string>?> _notified = [];
    private EstateSnapshot? _latest;
    private long _seq;
    private long _storedSeq;
    private bool _wasLeader;
    private volatile bool _adopting;
    // Leader: the parts last stored. Standby: the parts last read and their versions.
    private Dictionary<string, SharedEstateCodec.Part> _parts = [];
    private Dictionary<string, long> _partVersions = [];

    public SharedEstateWorker(EstateService estate, EstateRefreshCoordinator coordinator, EstateLeadership leadership, IChangeBus bus,
        IDbContextFactory<JitDbContext> factory, SharedEstateVersion version, WorkerRegistry registry, WorkSignal<SharedEstateWorker> signal,
        TimeProvider time, ILogger<SharedEstateWorker> logger)
        : base(registry, time, logger, signal)
    {
        ArgumentNullException.ThrowIfNull(estate);
        ArgumentNullException.ThrowIfNull(bus);
        (_estate, _coordinator, _leadership, _bus, _factory, _version) = (estate, coordinator, leadership, bus, factory, version);
        if (!bus.IsShared) return;
        estate.Changed += OnEstateChanged;
        bus.Subscribe(Topic, OnNotified);
        bus.Reconnected += Wake;
    }

    /// <summary>Last store or load: how long it took and how many bytes it moved (benchmarks, logs).</summary>
    public SharedEstateStats LastStats { get; private set; } = new(0, 0, 0, 0, TimeSpan.Zero);

    protected override bool Enabled => _bus.IsShared;

    /// <summary>A standby also looks every few seconds, in case a NOTIFY was lost.</summary>
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override WorkerBackoff Backoff => WorkerBackoff.From(TimeSpan.FromSeconds(1));

    /// <summary>
    /// On the leader: completes with the stored version once every snapshot published before this call is stored
    /// (a standby's request is answered only then).
    /// </summary>
    public Task<long> StoredAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_storedSeq >= _seq) return Task.FromResult(_version.Current);
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _storeWaiters.Add((_seq, done));
            Wake();
            return done.Task.WaitAsync(ct);
        }
    }

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        if (_leadership.IsLeader)
        {
            if (!_wasLeader)
            {
                // What another leader stored meanwhile is not what this instance last stored: write every part again.
                _parts = [];
                _partVersions = [];
                _wasLeader = true;
            }
            await StoreAsync(ct);
        }
        else
        {
            _wasLeader = false;
            await LoadAsync(ct);
        }
        return null;
    }

    private void OnEstateChanged(EstateSnapshot snapshot)
    {
        if (_adopting || !_leadership.IsLeader) return;
        lock (_gate)
        {
            _latest = snapshot;
            _seq++;
        }
        Wake();
    }

    private void OnNotified(ChangeMessage message)
    {
        // "version|id,id" (the VMs changed) or "version|*" (all, e.g. a sweep).
        var bar = message.Payload.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && long.TryParse(message.Payload.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            var ids = message.Payload[(bar + 1)..];
            lock (_gate) _notified[version] = ids == "*" ? null : ids.Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
        Wake();
    }

    private async Task StoreAsync(CancellationToken ct)
    {
        EstateSnapshot? snapshot;
        long seq;
        lock (_gate) (snapshot, seq) = (_latest, _seq);
        if (snapshot is null || seq == _storedSeq) return;

        var started = Stopwatch.GetTimestamp();
        var parts = SharedEstateCodec.Split(snapshot);
        var changedParts = parts.Where(p => !_parts.TryGetValue(p.Key, out var was) || !Same(was, p.Value)).ToList();
        var removed = _parts.Keys.Where(k => !parts.ContainsKey(k)).ToList();
        // The VMs whose object changed (a targeted refresh replaces only those); a rewrite of every part is a sweep.
        List<string>? changedVms = changedParts.Count == parts.Count && parts.Count > 1 ? null : [];
        if (changedVms is not null)
        {
            foreach (var (key, part) in changedParts)
            {
                var before = _parts.TryGetValue(key, out var was) ? was.Machines.ToHashSet(ReferenceEqualityComparer.Instance) : [];
                changedVms.AddRange(part.Machines.Where(m => !before.Contains(m)).Select(m => m.Id.ToLowerInvariant()));
            }
        }
        var encoded = changedParts.Select(p => (p.Key, Data: SharedEstateCodec.EncodePart(p.Value))).ToList();

        await using var db = await _factory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = db.Set<SharedEstateRow>();
        var keys = encoded.Select(e => e.Key).Append(SharedEstateCodec.HeaderKey).ToList();
        var existing = await rows.Where(r => keys.Contains(r.Key)).ToDictionaryAsync(r => r.Key, ct);
        var version = (existing.GetValueOrDefault(SharedEstateCodec.HeaderKey)?.Version ?? 0) + 1;
        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var partVersions = new Dictionary<string, long>(_partVersions);
        foreach (var (key, data) in encoded)
        {
            Upsert(rows, existing, key, version, data, now);
            partVersions[key] = version;
        }
        foreach (var key in removed) partVersions.Remove(key);
        if (removed.Count > 0) await rows.Where(r => removed.Contains(r.Key)).ExecuteDeleteAsync(ct);
        var header = SharedEstateCodec.Encode(new SharedEstateCodec.Header(version, snapshot.Subscriptions, snapshot.RefreshedAt, snapshot.Error, snapshot.IsLoading, partVersions));
        Upsert(rows, existing, SharedEstateCodec.HeaderKey, version, header, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        _parts = parts;
        _partVersions = partVersions;
        _version.Reached(version);
        LastStats = new SharedEstateStats(version, encoded.Count, encoded.Sum(e => e.Data.Length) + header.Length, snapshot.Machines.Count, Stopwatch.GetElapsedTime(started));
        LogStored(Logger, version, encoded.Count, LastStats.Bytes, LastStats.Elapsed.TotalMilliseconds);
        List<TaskCompletionSource<long>> done;
        lock (_gate)
        {
            _storedSeq = seq;
            done = _storeWaiters.Where(w => w.Seq <= seq).Select(w => w.Done).ToList();
            _storeWaiters.RemoveAll(w => w.Seq <= seq);
        }
        var payload = NotifyPayload(version, changedVms);
        await _bus.PublishAsync(Topic, payload, ct);
        foreach (var d in done) d.TrySetResult(version);
    }

    private static string NotifyPayload(long version, List<string>? changedVms)
    {
        var prefix = version.ToString(CultureInfo.InvariantCulture) + "|";
        if (changedVms is null) return prefix + "*";
        var ids = string.Join(',', changedVms);
        return System.Text.Encoding.UTF8.GetByteCount(ids) + prefix.Length <= ChangeMessage.MaxPayloadBytes ? prefix + ids : prefix + "*";
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await _factory.CreateDbContextAsync(ct);
        // One consistent view of the header and the parts it names.
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var rows = db.Set<SharedEstateRow>().AsNoTracking();
        var current = await rows.Where(r => r.Key == SharedEstateCodec.HeaderKey).Select(r => (long?)r.Version).FirstOrDefaultAsync(ct);
        if (current is not { } latest || latest <= _version.Current) return;
        var headerRow = await rows.FirstAsync(r => r.Key == SharedEstateCodec.HeaderKey, ct);
        var header = SharedEstateCodec.Decode<SharedEstateCodec.Header>(headerRow.Data);
        var wanted = header.Parts.Where(p => !_partVersions.TryGetValue(p.Key, out var v) || v != p.Value).Select(p => p.Key).ToList();
        var read = wanted.Count == 0 ? [] : await rows.Where(r => wanted.Contains(r.Key)).ToListAsync(ct);
        await tx.CommitAsync(ct);

        var parts = new Dictionary<string, SharedEstateCodec.Part>(_parts.Where(p => header.Parts.ContainsKey(p.Key)));
        var versions = new Dictionary<string, long>(_partVersions.Where(p => header.Parts.ContainsKey(p.Key)));
        foreach (var row in read)
        {
            parts[row.Key] = SharedEstateCodec.DecodePart(row.Data);
            versions[row.Key] = header.Parts[row.Key];
        }
        (_parts, _partVersions) = (parts, versions);
        var snapshot = SharedEstateCodec.Join(header, parts);
        var previous = _version.Current;
        _adopting = true;
        try
        {
            _estate.Adopt(snapshot);
        }
        finally
        {
            _adopting = false;
        }
        _version.Reached(header.Version);
        LastStats = new SharedEstateStats(header.Version, read.Count, read.Sum(r => r.Data.Length) + headerRow.Data.Length, snapshot.Machines.Count, Stopwatch.GetElapsedTime(started));
        LogLoaded(Logger, header.Version, read.Count, LastStats.Bytes, LastStats.Elapsed.TotalMilliseconds);
        // Automation follows MachinesChanged wherever its own lease is: tell it which VMs the leader changed.
        _coordinator.RaiseShared(ChangedSince(previous, header.Version));
    }

    /// <summary>The VMs changed by versions after <paramref name="from"/> up to <paramref name="to"/>; null (all) when a notification is missing.</summary>
    private HashSet<string>? ChangedSince(long from, long to)
    {
        lock (_gate)
        {
            HashSet<string>? changed = from == 0 ? null : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var v = from + 1; v <= to && changed is not null; v++)
            {
                if (_notified.TryGetValue(v, out var ids) && ids is not null) changed.UnionWith(ids);
                else changed = null;
            }
            foreach (var v in _notified.Keys.Where(v => v <= to).ToList()) _notified.Remove(v);
            return changed;
        }
    }

    private static void Upsert(DbSet<SharedEstateRow> rows, Dictionary<string, SharedEstateRow> existing, string key, long version, byte[] data, long now)
    {
        if (existing.TryGetValue(key, out var row))
        {
            row.Version = version;
            row.Data = data;
            row.UpdatedAtMs = now;
        }
        else
        {
            rows.Add(new SharedEstateRow { Key = key, Version = version, Data = data, UpdatedAtMs = now });
        }
    }

    private static bool Same(SharedEstateCodec.Part a, SharedEstateCodec.Part b) =>
        a.Machines.Count == b.Machines.Count && a.Machines.Zip(b.Machines).All(p => ReferenceEquals(p.First, p.Second))
        && Equals(a.Status, b.Status) && Equals(a.Control, b.Control) && Equals(a.Score, b.Score);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shared estate: stored version {Version} ({Parts} part(s), {Bytes} bytes) in {Ms} ms")]
    private static partial void LogStored(ILogger logger, long version, int parts, long bytes, double ms);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Shared estate: loaded version {Version} ({Parts} part(s), {Bytes} bytes) in {Ms} ms")]
    private static partial void LogLoaded(ILogger logger, long version, int parts, long bytes, double ms);
}
