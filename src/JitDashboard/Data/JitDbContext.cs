using JitDashboard.Features.Access;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Notifications;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Operations;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Data;

/// <summary>
/// The dashboard's database. Abstract because each provider has its own subclass with its own
/// migrations (<see cref="SqliteJitDbContext"/>, <see cref="PostgresJitDbContext"/>); code depends on
/// <c>IDbContextFactory&lt;JitDbContext&gt;</c> and creates one context per operation.
/// </summary>
/// <remarks>
/// To add a table: add a <c>DbSet</c> here, its configuration in <see cref="OnModelCreating"/>, then one
/// migration per provider (see <c>Data/Migrations/README.md</c>).
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

    /// <summary>JIT policy templates (Admin edits); seeded with Defender's defaults.</summary>
    public DbSet<PolicyTemplate> PolicyTemplates => Set<PolicyTemplate>();

    /// <summary>Bulk apply/remove operations, persisted before any ARM call so they resume after a restart.</summary>
    public DbSet<JitOperation> JitOperations => Set<JitOperation>();

    public DbSet<JitOperationItem> JitOperationItems => Set<JitOperationItem>();

    /// <summary>The outgoing webhooks' outbox: one row per event and webhook, retried by the sender.</summary>
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    /// <summary>The Overview's trend: one row of posture figures per <c>Posture:SnapshotInterval</c> at most.</summary>
    public DbSet<PostureSnapshot> PostureSnapshots => Set<PostureSnapshot>();
    public DbSet<JitRuleChange> JitRuleChanges => Set<JitRuleChange>();
    /// <summary>Timed access requests with their whole lifecycle, persisted before any ARM call.</summary>
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();

    /// <summary>Admin rules that approve matching access requests without a person.</summary>
    public DbSet<AutoApprovalRule> AutoApprovalRules => Set<AutoApprovalRule>();
    /// <summary>Workflow automation (issue 7): rules, runs with their per-VM actions, and Configured baselines for drift.</summary>
    public DbSet<AutomationRule> AutomationRules => Set<AutomationRule>();

    public DbSet<AutomationRun> AutomationRuns => Set<AutomationRun>();

    public DbSet<AutomationAction> AutomationActions => Set<AutomationAction>();

    public DbSet<JitBaseline> JitBaselines => Set<JitBaseline>();

    /// <summary>Named leases: one instance at a time does a job (<see cref="DatabaseLease"/>).</summary>
    public DbSet<LeaseRow> Leases => Set<LeaseRow>();

    /// <summary>
    /// Serialises audit appends across processes inside the current transaction. SQLite's write
    /// transaction (<c>BEGIN IMMEDIATE</c>) already does; PostgreSQL takes an advisory lock.
    /// </summary>
    internal virtual Task LockAuditAppendsAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AuditEventConfiguration());
        modelBuilder.ApplyConfiguration(new PolicyTemplateConfiguration());
        modelBuilder.ApplyConfiguration(new JitOperationConfiguration());
        modelBuilder.ApplyConfiguration(new JitOperationItemConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new PostureSnapshotConfiguration());
        modelBuilder.ApplyConfiguration(new JitRuleChangeConfiguration());
        modelBuilder.ApplyConfiguration(new AccessRequestConfiguration());
        modelBuilder.ApplyConfiguration(new AutoApprovalRuleConfiguration());
        modelBuilder.ApplyConfiguration(new AutomationRuleConfiguration());
        modelBuilder.ApplyConfiguration(new AutomationRunConfiguration());
        modelBuilder.ApplyConfiguration(new AutomationActionConfiguration());
        modelBuilder.ApplyConfiguration(new JitBaselineConfiguration());
        modelBuilder.ApplyConfiguration(new LeaseRowConfiguration());

        modelBuilder.Entity<DataProtectionKey>(b =>
        {
            b.ToTable("data_protection_keys");
            b.Property(k => k.Id).HasColumnName("id");
            b.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            b.Property(k => k.Xml).HasColumnName("xml");
        });
    }
}
