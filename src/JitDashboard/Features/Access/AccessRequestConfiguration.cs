using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Access;

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> b)
    {
        b.ToTable("access_requests");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(r => r.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(r => r.ResourceGroup).HasColumnName("resource_group").HasMaxLength(256);
        b.Property(r => r.PolicyId).HasColumnName("policy_id").HasMaxLength(1024);
        b.Property(r => r.Ports).HasColumnName("ports_json").HasConversion(JsonColumn.Converter<List<int>>(), JsonColumn.Comparer<List<int>>());
        b.Property(r => r.Duration).HasColumnName("duration_seconds").HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        b.Property(r => r.SourceAddressPrefix).HasColumnName("source_address_prefix").HasMaxLength(64);
        b.Property(r => r.Justification).HasColumnName("justification").HasMaxLength(AccessLimits.JustificationMaxLength);
        b.Property(r => r.Ticket).HasColumnName("ticket").HasMaxLength(AccessLimits.TicketMaxLength);
        b.Property(r => r.ScheduledStart).HasColumnName("scheduled_start");
        b.Property(r => r.RequestedBy).HasColumnName("requested_by").HasMaxLength(256);
        b.Property(r => r.CreatedAt).HasColumnName("created_at");
        b.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(r => r.DecidedAt).HasColumnName("decided_at");
        b.Property(r => r.DecisionComment).HasColumnName("decision_comment").HasMaxLength(AccessLimits.CommentMaxLength);
        b.Property(r => r.AutoApproved).HasColumnName("auto_approved");
        b.Property(r => r.StartedAt).HasColumnName("started_at");
        b.Property(r => r.EndsAt).HasColumnName("ends_at");
        b.Property(r => r.EndedAt).HasColumnName("ended_at");
        b.Property(r => r.ClosedBy).HasColumnName("closed_by").HasMaxLength(256);
        b.Property(r => r.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(r => r.Attempts).HasColumnName("attempts");
        b.Property(r => r.ClaimedUntilMs).HasColumnName("claimed_until_ms");
        b.Property(r => r.ExpiryWarned).HasColumnName("expiry_warned");
        b.Property(r => r.Version).HasColumnName("version").IsConcurrencyToken();
        b.Ignore(r => r.Marker);
        b.HasIndex(r => r.Status);
        b.HasIndex(r => r.RequestedBy);
    }
}
