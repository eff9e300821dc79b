namespace JitDashboard.Platform.Audit;

public enum AuditActorKind
{
    User,
    Automation,
    System,
}
