namespace JitDashboard.Platform.Audit;

public enum AuditOutcome
{
    Succeeded,
    Failed,
    Denied,
    Cancelled,
}
