using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

internal sealed class JitBaselineConfiguration : IEntityTypeConfiguration<JitBaseline>
{
    public void Configure(EntityTypeBuilder<JitBaseline> b)
    {
        b.ToTable("automation_jit_baselines");
        b.HasKey(x => x.MachineId);
        b.Property(x => x.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(x => x.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(x => x.DenyRules).HasColumnName("deny_rules_json").HasConversion(JsonColumn.Converter<List<string>>(), JsonColumn.Comparer<List<string>>());
        b.Property(x => x.OpenPorts).HasColumnName("open_ports_json").HasConversion(JsonColumn.Converter<List<int>>(), JsonColumn.Comparer<List<int>>());
        b.Property(x => x.UpdatedAtMs).HasColumnName("updated_at_ms");
    }
}
