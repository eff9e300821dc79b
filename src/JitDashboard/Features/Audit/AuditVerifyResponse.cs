namespace JitDashboard.Features.Audit;

public sealed record AuditVerifyResponse(bool Valid, long EventCount, long? FirstBrokenEventId, string? Failure, string Message);
