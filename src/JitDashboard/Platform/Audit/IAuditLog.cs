namespace JitDashboard.Platform.Audit;

/// <summary>
/// The append-only audit ledger: every state change appends one hash-chained event.
/// Deliberately no update or delete.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends one event; <see cref="ArgumentException"/> when the entry is invalid.</summary>
    Task<AuditEvent> AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>
    /// Appends several events in one transaction, chained in the order given (a bulk run's per-VM entries): all or
    /// none. <see cref="ArgumentException"/> when any entry is invalid (then nothing is appended).
    /// </summary>
    Task<IReadOnlyList<AuditEvent>> AppendManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default);

    /// <summary>One page of events matching the filters, newest first.</summary>
    Task<AuditEventPage> QueryAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Every event matching the filters (paging ignored), newest first, read in batches.</summary>
    IAsyncEnumerable<AuditEvent> ExportAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Recomputes the whole chain in sequence order and names the first broken event.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken ct = default);
}
