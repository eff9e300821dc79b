using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

internal sealed class AutomationActionConfiguration : IEntityTypeConfiguration<AutomationAction>
{
    public void Configure(EntityTypeBuilder<AutomationAction> b)
    {
        b.ToTable("automation_actions");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(a => a.RunId).HasColumnName("run_id");
        b.Property(a => a.MachineId).HasColumnName("machine_id").HasMaxLength(1024);
        b.Property(a => a.MachineName).HasColumnName("machine_name").HasMaxLength(256);
        b.Property(a => a.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        b.Property(a => a.Reason).HasColumnName("reason").HasMaxLength(2000);
        b.Property(a => a.Error).HasColumnName("error").HasMaxLength(4000);
        b.Property(a => a.OperationId).HasColumnName("operation_id");
        b.Property(a => a.DecidedBy).HasColumnName("decided_by").HasMaxLength(256);
        b.Property(a => a.UpdatedAtMs).HasColumnName("updated_at_ms");
        b.HasIndex(a => a.Status);
    }
}
