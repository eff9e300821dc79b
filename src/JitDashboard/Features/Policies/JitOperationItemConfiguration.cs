using JitDashboard.Platform.Arm.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

internal sealed class JitOperationItemConfiguration : IEntityTypeConfiguration<JitOperationItem>
{
    public void Configure(EntityTypeBuilder<JitOperationItem> b)
    {
        b.ToTable("jit_operation_items");
        b.HasKey(i => i.Id);
        b.Property(i => i.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(i => i.OperationId).HasColumnName("operation_id");
        b.Property(i => i.Position).HasColumnName("position");
        b.Property(i => i.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(i => i.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(i => i.PolicyId).HasColumnName("policy_id").HasMaxLength(1024);
        b.Property(i => i.Ports).HasColumnName("ports_json").HasConversion(JsonColumn.Converter<List<JitPortRule>>(), JsonColumn.Comparer<List<JitPortRule>>());
        b.Property(i => i.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(i => i.Attempts).HasColumnName("attempts");
        b.Property(i => i.UpdatedAt).HasColumnName("updated_at");
        b.HasIndex(i => new { i.OperationId, i.Status });
    }
}
