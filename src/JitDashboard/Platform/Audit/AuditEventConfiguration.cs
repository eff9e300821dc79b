using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Platform.Audit;

/// <summary>Table <c>audit_events</c>; snake_case names so hand-written SQL (triggers, audits) reads the same on both providers.</summary>
internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public const string TableName = "audit_events";

    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable(TableName);
        b.HasKey(e => e.Id);

        // Assigned by the ledger under its lock because the hash covers it; the primary key then
        // also rejects a second event claiming the same place in the chain.
        b.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        b.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(AuditLimits.ActorMaxLength);
        b.Property(e => e.ActorKind).HasColumnName("actor_kind").HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.Action).HasColumnName("action").HasMaxLength(AuditLimits.ActionMaxLength);
        b.Property(e => e.Target).HasColumnName("target").HasMaxLength(AuditLimits.TargetMaxLength);
        b.Property(e => e.Outcome).HasColumnName("outcome").HasConversion<string>().HasMaxLength(32);

        // Plain text, not jsonb: the database must return the exact characters that were hashed.
        b.Property(e => e.Details).HasColumnName("details").HasMaxLength(AuditLimits.DetailsMaxLength);
        b.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64).IsFixedLength(false);
        b.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64);

        b.HasIndex(e => e.OccurredAt).HasDatabaseName("ix_audit_events_occurred_at");
        b.HasIndex(e => e.Action).HasDatabaseName("ix_audit_events_action");
    }
}
