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
