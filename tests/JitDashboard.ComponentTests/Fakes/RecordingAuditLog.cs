using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;

namespace JitDashboard.ComponentTests.Fakes;

/// <summary>An in-memory audit log that records what components append.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        Entries.Add(entry);
        return Task.FromResult(new AuditEvent
        {
            Id = Entries.Count,
            Actor = entry.Actor,
            Action = entry.Action,
            Target = entry.Target ?? "",
            Details = "{}",
            PreviousHash = "",
            Hash = "",
        });
    }

    public Task<AuditEventPage> QueryAsync(AuditQuery query, CancellationToken ct = default) =>
        Task.FromResult(new AuditEventPage([], 0, query.Skip, query.PageSize));

    public async IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        yield break;
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken ct = default) =>
        Task.FromResult(new AuditVerification(true, 0, null, null, null, "No events."));
}
