using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Policies;

public static class PolicyAuditActions
{
    /// <summary>Stored and hashed: never rename.</summary>
    public const string TemplateChanged = "jit.template.changed";
}
