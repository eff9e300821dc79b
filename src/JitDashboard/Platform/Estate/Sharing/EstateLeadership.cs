using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// Which instance reads the estate from ARM. With PostgreSQL (several instances may share it) the holder of the
/// <c>estate</c> lease: its sweep and event workers run, it stores each snapshot for the others, which read none of
/// ARM's estate themselves. With SQLite there is one instance: always the leader, no lease.
/// </summary>
public sealed class EstateLeadership
{
    public const string LeaseName = "estate";

    public EstateLeadership(IDbContextFactory<JitDbContext> factory, IOptions<DatabaseOptions> database, IOptions<EstateOptions> estate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(estate);
        if (database.Value.ProviderKind != DatabaseProvider.PostgreSql) return;
        var duration = estate.Value.LeaseDuration;
        Lease = new DatabaseLease(factory, time, LeaseName, DatabaseLease.NewHolderId());
        // Renewed three times per duration: a live holder never lets it lapse; a dead one is replaced within one duration.
        WorkerLease = new WorkerLease(Lease, duration, duration / 3);
    }

    /// <summary>The lease (null with SQLite).</summary>
    public DatabaseLease? Lease { get; }

    /// <summary>What the estate's workers hold (null with SQLite: they always run).</summary>
    public WorkerLease? WorkerLease { get; }

    /// <summary>True when this instance reads ARM for the estate.</summary>
    public bool IsLeader => Lease is null || Lease.IsHeld;
}
