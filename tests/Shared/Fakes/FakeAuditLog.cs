using JitDashboard.Features.Audit;
using System.Runtime.CompilerServices;
using JitDashboard.Platform.Audit;

namespace JitDashboard.Testing.Fakes;

/// <summary>
/// The one audit-log fake: a ledger over a list that records every append and query, can fail, and answers
/// verification as told. Appends become events, so what a component audits can also be queried back.
/// </summary>
public sealed class FakeAuditLog : IAuditLog
{
    private readonly List<AuditEvent> _events = [];

    public List<AuditQuery> Queries { get; } = [];

    public Exception? QueryFailure { get; set; }

    public AuditVerification? Verification { get; set; }

    /// <summary>When set, verification waits for it: lets a test see the progress indicator.</summary>
    public TaskCompletionSource? VerifyGate { get; set; }

    public int VerifyCount { get; private set; }

    public AuditQuery? LastQuery => Queries.Count == 0 ? null : Queries[^1];

    public void Add(string actor, string action, string target = "", AuditOutcome outcome = AuditOutcome.Succeeded,
        AuditActorKind kind = AuditActorKind.User, string details = "{}", DateTimeOffset? at = null)
    {
        var id = _events.Count + 1;
        _events.Add(new AuditEvent
        {
            Id = id,
            OccurredAt = at ?? new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddMinutes(id),
            Actor = actor,
            ActorKind = kind,
            Action = action,
            Target = target,
            Outcome = outcome,
            Details = details,
            PreviousHash = new string('0', 64),
            Hash = $"{id:x4}" + new string('a', 60),
        });
    }

    /// <summary>Every entry appended, in order.</summary>
    public List<AuditEntry> Entries { get; } = [];

    public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        Entries.Add(entry);
        Add(entry.Actor, entry.Action, entry.Target ?? "", entry.Outcome, entry.ActorKind);
        return Task.FromResult(_events[^1]);
    }

    public async Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var appended = new List<AuditEvent>();
        foreach (var entry in entries) appended.Add(await AppendAsync(entry, ct));
        return appended;
    }

    public Task<AuditEventPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        Queries.Add(query);
        if (QueryFailure is { } failure)
            return Task.FromException<AuditEventPage>(failure);

        var matching = Filter(query).ToList();
        var page = matching.Skip(query.Skip).Take(query.PageSize).ToList();
        return Task.FromResult(new AuditEventPage(page, matching.Count, query.Skip, query.PageSize));
    }

    public async IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var e in Filter(query))
        {
            await Task.Yield();
            yield return e;
        }
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        VerifyCount++;
        if (VerifyGate is { } gate)
            await gate.Task.WaitAsync(ct);
        return Verification ?? new AuditVerification(true, _events.Count, _events.Count == 0 ? null : _events[^1].Hash, null, null, "ok");
    }

    // The same semantics as the real ledger, over the list.
    private IEnumerable<AuditEvent> Filter(AuditQuery q) => _events
        .Where(e => q.From is null || e.OccurredAt >= q.From)
        .Where(e => q.To is null || e.OccurredAt < q.To)
        .Where(e => q.UpToId is null || e.Id <= q.UpToId)
        .Where(e => string.IsNullOrEmpty(q.Actor) || e.Actor.Contains(q.Actor, StringComparison.OrdinalIgnoreCase))
        .Where(e => string.IsNullOrEmpty(q.Target) || e.Target.Contains(q.Target, StringComparison.OrdinalIgnoreCase))
        .Where(e => string.IsNullOrEmpty(q.Action)
            || (q.Action.EndsWith('*') ? e.Action.StartsWith(q.Action[..^1], StringComparison.Ordinal) : e.Action == q.Action))
        .OrderByDescending(e => e.Id);
}
