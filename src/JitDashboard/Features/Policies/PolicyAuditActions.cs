namespace JitDashboard.Features.Policies;

public static class PolicyAuditActions
{
    /// <summary>Stored and hashed: never rename.</summary>
    public const string TemplateChanged = "jit.template.changed";
}
