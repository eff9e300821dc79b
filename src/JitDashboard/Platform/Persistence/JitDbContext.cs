using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Work;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Persistence;

/// <summary>
/// The dashboard's database. Abstract because each provider has its own subclass with its own
/// migrations (<see cref="SqliteJitDbContext"/>, <see cref="PostgresJitDbContext"/>); code depends on
/// <c>IDbContextFactory&lt;JitDbContext&gt;</c> and creates one context per operation.
/// </summary>
/// <remarks>
/// The core's own tables are properties here; a feature's tables are its own extension methods (e.g.
/// <c>db.AccessRequests()</c> in Features/Access), so the core never names a feature. To add a table: the entity
/// and its <c>IEntityTypeConfiguration</c> in the feature (found by <see cref="OnModelCreating"/>), an accessor,
/// then one migration per provider (see <c>Platform/Persistence/README.md</c>).
/// </remarks>
public abstract class JitDbContext : DbContext, IDataProtectionKeyContext
{
    protected JitDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The append-only audit ledger. Read with <c>AsNoTracking</c>; only <see cref="IAuditLog"/> inserts.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>ASP.NET Core data-protection keys, shared by every instance so cookies survive restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Named leases: one instance at a time does a job (<see cref="DatabaseLease"/>).</summary>
    public DbSet<LeaseRow> Leases => Set<LeaseRow>();

    /// <summary>
    /// Serialises audit appends across processes inside the current transaction. SQLite's write
    /// transaction (<c>BEGIN IMMEDIATE</c>) already does; PostgreSQL takes an advisory lock.
    /// </summary>
    internal virtual Task LockAuditAppendsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Every feature's tables: each configuration sits beside its entity, so the core names no feature.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(JitDbContext).Assembly);

        modelBuilder.Entity<DataProtectionKey>(b =>
        {
            b.ToTable("data_protection_keys");
            b.Property(k => k.Id).HasColumnName("id");
            b.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            b.Property(k => k.Xml).HasColumnName("xml");
        });
    }
}
