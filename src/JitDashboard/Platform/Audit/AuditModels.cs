namespace JitDashboard.Platform.Audit;

/// <summary>What a caller records; the ledger adds the time, sequence number and hashes.</summary>
/// <param name="Actor">User principal name, <c>automation:&lt;rule&gt;</c> or <c>system</c>.</param>
/// <param name="Action">One of <see cref="AuditActions"/> (lower case, digits, '.', '-', '_').</param>
/// <param name="Target">What it happened to, e.g. a VM resource id; null or empty when nothing in particular.</param>
/// <param name="Details">Anything JSON-serialisable (a dictionary, an anonymous object); at most 8192 characters once serialised.</param>
public sealed record AuditEntry(
    string Actor,
    AuditActorKind ActorKind,
    string Action,
    string? Target,
    AuditOutcome Outcome,
    object? Details = null);

/// <summary>Filters for the audit page and export. All optional; results are newest first.</summary>
public sealed record AuditQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Inclusive lower bound on <see cref="AuditEvent.OccurredAt"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound on <see cref="AuditEvent.OccurredAt"/>.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Case-insensitive substring of the actor.</summary>
    public string? Actor { get; init; }

    /// <summary>Exact action, or a prefix when it ends with <c>*</c> (e.g. <c>access.request.*</c>).</summary>
    public string? Action { get; init; }

    /// <summary>Case-insensitive substring of the target.</summary>
    public string? Target { get; init; }

    /// <summary>Only events with <see cref="AuditEvent.Id"/> at most this: lets a link open the ledger at one event.</summary>
    public long? UpToId { get; init; }

    /// <summary>Events to skip (paging); ignored by export.</summary>
    public int Skip { get; init; }

    /// <summary>Page size, clamped to 1..<see cref="MaxPageSize"/>; ignored by export.</summary>
    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>One page of events, newest first, with the total matching the filters.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Events, long TotalCount, int Skip, int PageSize);

public enum AuditChainFailure
{
    /// <summary>An event's stored hash does not match its content: the row was altered.</summary>
    ContentHashMismatch,

    /// <summary>An event's previous-hash does not match the event before it: a row was removed, inserted or re-linked.</summary>
    PreviousHashMismatch,

    /// <summary>Sequence numbers are not 1, 2, 3, ...: events are missing.</summary>
    SequenceGap,
}

/// <summary>Result of recomputing the chain.</summary>
/// <param name="IsValid">True when every event checks out.</param>
/// <param name="EventCount">Events checked (all of them when valid; up to and including the broken one otherwise).</param>
/// <param name="HeadHash">Hash of the last event checked; record it elsewhere to detect truncation later.</param>
/// <param name="FirstBrokenEventId">The first event that fails, when not valid.</param>
/// <param name="Failure">Why it fails.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record AuditVerification(
    bool IsValid,
    long EventCount,
    string? HeadHash,
    long? FirstBrokenEventId,
    AuditChainFailure? Failure,
    string Message);

/// <summary>Input limits, shared by validation and the table definition.</summary>
public static class AuditLimits
{
    public const int ActorMaxLength = 256;
    public const int ActionMaxLength = 100;
    public const int TargetMaxLength = 1024;
    public const int DetailsMaxLength = 8192;
}
