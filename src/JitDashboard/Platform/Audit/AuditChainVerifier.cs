namespace JitDashboard.Platform.Audit;

/// <summary>
/// Checks events one at a time in sequence order, so the ledger can be verified while streaming.
/// Checks, in order: the sequence number follows the previous one, the previous-hash links to the
/// previous event's hash, and the stored hash matches the content.
/// </summary>
internal sealed class AuditChainVerifier
{
    private string _previousHash = AuditHash.GenesisHash;

    public long Count { get; private set; }

    public long LastId { get; private set; }

    /// <summary>Null when <paramref name="e"/> continues the chain; the failed verification otherwise.</summary>
    public AuditVerification? Accept(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Count++;

        if (e.Id != LastId + 1)
        {
            return Broken(e, AuditChainFailure.SequenceGap, LastId == 0
                ? $"Event {e.Id} is the first event, but the sequence starts at 1: earlier events are missing."
                : $"Event {e.Id} follows event {LastId}: events in between are missing.");
        }

        if (!string.Equals(e.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return Broken(e, AuditChainFailure.PreviousHashMismatch,
                $"Event {e.Id} does not link to the event before it: its previous-hash differs from that event's hash.");
        }

        if (!string.Equals(AuditHash.Compute(e), e.Hash, StringComparison.Ordinal))
        {
            return Broken(e, AuditChainFailure.ContentHashMismatch,
                $"Event {e.Id} was altered: its content no longer matches its hash.");
        }

        LastId = e.Id;
        _previousHash = e.Hash;
        return null;
    }

    /// <summary>The verdict when every accepted event checked out.</summary>
    public AuditVerification Result() => Count == 0
        ? new AuditVerification(true, 0, null, null, null, "The audit log is empty.")
        : new AuditVerification(true, Count, _previousHash, null, null, $"All {Count} audit events verify.");

    private AuditVerification Broken(AuditEvent e, AuditChainFailure failure, string message) =>
        new(false, Count, LastId == 0 ? null : _previousHash, e.Id, failure, message);
}
