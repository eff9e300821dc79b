using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Policies;

/// <summary>The policies feature's tables in the shared database (the core names no feature's table).</summary>
public static class PoliciesTables
{
    /// <summary>JIT policy templates (Admin edits); seeded with Defender's defaults.</summary>
    public static DbSet<PolicyTemplate> PolicyTemplates(this JitDbContext db) => db.Set<PolicyTemplate>();

    /// <summary>Bulk apply/remove operations, persisted before any ARM call so they resume after a restart.</summary>
    public static DbSet<JitOperation> JitOperations(this JitDbContext db) => db.Set<JitOperation>();

    /// <summary>The per-VM items of an operation.</summary>
    public static DbSet<JitOperationItem> JitOperationItems(this JitDbContext db) => db.Set<JitOperationItem>();

    /// <summary>NSG rule changes JIT made (opened, closed), for closing on expiry.</summary>
    public static DbSet<JitRuleChange> JitRuleChanges(this JitDbContext db) => db.Set<JitRuleChange>();
}
