using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

/// <summary>The access feature's tables in the shared database (the core names no feature's table).</summary>
public static class AccessTables
{
    /// <summary>Timed access requests with their whole lifecycle, persisted before any ARM call.</summary>
    public static DbSet<AccessRequest> AccessRequests(this JitDbContext db) => db.Set<AccessRequest>();

    /// <summary>Admin rules that approve matching access requests without a person.</summary>
    public static DbSet<AutoApprovalRule> AutoApprovalRules(this JitDbContext db) => db.Set<AutoApprovalRule>();
}
