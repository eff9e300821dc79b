namespace JitDashboard.Platform.Audit;

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
