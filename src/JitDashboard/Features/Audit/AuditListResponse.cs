namespace JitDashboard.Features.Audit;

public sealed record AuditListResponse(IReadOnlyList<AuditEventDto> Items, long Total, int Skip, int PageSize);
