namespace JitDashboard.Platform.Audit;

/// <summary>One page of events, newest first, with the total matching the filters.</summary>
public sealed record AuditEventPage(IReadOnlyList<AuditEvent> Events, long TotalCount, int Skip, int PageSize);
