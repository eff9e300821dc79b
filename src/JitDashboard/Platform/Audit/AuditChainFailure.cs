namespace JitDashboard.Platform.Audit;

public enum AuditChainFailure
{
    /// <summary>An event's stored hash does not match its content: the row was altered.</summary>
    ContentHashMismatch,

    /// <summary>An event's previous-hash does not match the event before it: a row was removed, inserted or re-linked.</summary>
    PreviousHashMismatch,

    /// <summary>Sequence numbers are not 1, 2, 3, ...: events are missing.</summary>
    SequenceGap,
}
