using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Posture;

/// <summary>The posture feature's tables in the shared database (the core names no feature's table).</summary>
public static class PostureTables
{
    /// <summary>The Overview's trend: one row of posture figures per Posture:SnapshotInterval at most.</summary>
    public static DbSet<PostureSnapshot> PostureSnapshots(this JitDbContext db) => db.Set<PostureSnapshot>();
}
