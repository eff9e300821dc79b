namespace JitDashboard.Platform.Audit;

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
