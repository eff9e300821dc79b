namespace JitDashboard.Platform.Audit;

/// <summary>
/// One row of the append-only audit ledger. Immutable: there is no update or delete path, in code
/// (init-only properties, no such methods on <see cref="IAuditLog"/>) or in the database (triggers).
/// </summary>
public sealed class AuditEvent
{
    /// <summary>Sequence number: 1, 2, 3, ... without gaps. Assigned under the append lock, covered by the hash.</summary>
    public long Id { get; init; }

    /// <summary>When it happened, UTC, truncated to whole microseconds so every database round-trips it exactly.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>User principal name, <c>automation:&lt;rule&gt;</c> or <c>system</c>.</summary>
    public required string Actor { get; init; }

    public AuditActorKind ActorKind { get; init; }

    /// <summary>What happened; one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>What it happened to, e.g. a VM resource id; empty when nothing in particular.</summary>
    public required string Target { get; init; }

    public AuditOutcome Outcome { get; init; }

    /// <summary>JSON object text, exactly as hashed.</summary>
    public required string Details { get; init; }

    /// <summary>Hash of the event before this one (64 zeros for the first), lower-case hex SHA-256.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>Lower-case hex SHA-256 over this event's content and <see cref="PreviousHash"/> (<see cref="AuditHash"/>).</summary>
    public required string Hash { get; init; }
}
