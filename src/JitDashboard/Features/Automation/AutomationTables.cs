using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Automation;

/// <summary>The automation feature's tables in the shared database (the core names no feature's table).</summary>
public static class AutomationTables
{
    /// <summary>Workflow automation rules.</summary>
    public static DbSet<AutomationRule> AutomationRules(this JitDbContext db) => db.Set<AutomationRule>();

    /// <summary>Automation runs.</summary>
    public static DbSet<AutomationRun> AutomationRuns(this JitDbContext db) => db.Set<AutomationRun>();

    /// <summary>The per-VM actions of a run.</summary>
    public static DbSet<AutomationAction> AutomationActions(this JitDbContext db) => db.Set<AutomationAction>();

    /// <summary>Configured baselines, for drift.</summary>
    public static DbSet<JitBaseline> JitBaselines(this JitDbContext db) => db.Set<JitBaseline>();
}
