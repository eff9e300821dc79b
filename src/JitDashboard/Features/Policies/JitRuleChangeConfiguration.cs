using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

internal sealed class JitRuleChangeConfiguration : IEntityTypeConfiguration<JitRuleChange>
{
    public void Configure(EntityTypeBuilder<JitRuleChange> b)
    {
        b.ToTable("jit_rule_changes");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(r => r.OperationId).HasColumnName("operation_id");
        b.Property(r => r.Position).HasColumnName("position");
        b.Property(r => r.NsgId).HasColumnName("nsg_id").HasMaxLength(1024);
        b.Property(r => r.NsgName).HasColumnName("nsg_name").HasMaxLength(256);
        b.Property(r => r.Level).HasColumnName("level").HasMaxLength(32);
        b.Property(r => r.RuleName).HasColumnName("rule_name").HasMaxLength(256);
        b.Property(r => r.Action).HasColumnName("action").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.OriginalJson).HasColumnName("original_json");
        b.Property(r => r.PortsBefore).HasColumnName("ports_before_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(r => r.PortsAfter).HasColumnName("ports_after_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(r => r.JitPorts).HasColumnName("jit_ports_json").HasConversion(JsonColumn.Converter<List<int>>(), JsonColumn.Comparer<List<int>>());
        b.Property(r => r.MachineIds).HasColumnName("machine_ids_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(r => r.OtherAffectedVms).HasColumnName("other_affected_vms_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        b.HasIndex(r => new { r.OperationId, r.Status });
    }
}
