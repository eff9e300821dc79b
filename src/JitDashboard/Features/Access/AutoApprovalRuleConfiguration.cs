using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Access;

internal sealed class AutoApprovalRuleConfiguration : IEntityTypeConfiguration<AutoApprovalRule>
{
    public void Configure(EntityTypeBuilder<AutoApprovalRule> b)
    {
        b.ToTable("access_auto_approval_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.Name).HasColumnName("name").HasMaxLength(100);
        b.Property(r => r.RequesterRole).HasColumnName("requester_role").HasMaxLength(100);
        b.Property(r => r.ResourceGroup).HasColumnName("resource_group").HasMaxLength(256);
        b.Property(r => r.Tag).HasColumnName("tag").HasMaxLength(512);
        b.Property(r => r.MaxDuration).HasColumnName("max_duration_seconds").HasConversion(v => (long)v.TotalSeconds, v => TimeSpan.FromSeconds(v));
        b.Property(r => r.Enabled).HasColumnName("enabled");
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        b.Property(r => r.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        b.HasIndex(r => r.Name).IsUnique();
    }
}
