using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

internal sealed class JitOperationConfiguration : IEntityTypeConfiguration<JitOperation>
{
    public void Configure(EntityTypeBuilder<JitOperation> b)
    {
        b.ToTable("jit_operations");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).HasColumnName("id");
        b.Property(o => o.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.TemplateId).HasColumnName("template_id");
        b.Property(o => o.RequestedBy).HasColumnName("requested_by").HasMaxLength(256);
        b.Property(o => o.CreatedAt).HasColumnName("created_at");
        b.Property(o => o.UpdatedAt).HasColumnName("updated_at");
        b.Property(o => o.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        b.Property(o => o.RetryOf).HasColumnName("retry_of");
        b.HasIndex(o => o.Status);
        b.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OperationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(o => o.RuleChanges).WithOne().HasForeignKey(r => r.OperationId).OnDelete(DeleteBehavior.Cascade);
    }
}
