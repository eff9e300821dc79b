using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

internal sealed class AutomationRunConfiguration : IEntityTypeConfiguration<AutomationRun>
{
    public void Configure(EntityTypeBuilder<AutomationRun> b)
    {
        b.ToTable("automation_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.RuleId).HasColumnName("rule_id");
        b.Property(r => r.RuleName).HasColumnName("rule_name").HasMaxLength(AutomationRuleValidator.NameMaxLength);
        b.Property(r => r.Trigger).HasColumnName("trigger").HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Mode).HasColumnName("mode").HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.StartedBy).HasColumnName("started_by").HasMaxLength(256);
        b.Property(r => r.StartedAtMs).HasColumnName("started_at_ms");
        b.Property(r => r.FinishedAtMs).HasColumnName("finished_at_ms");
        b.Property(r => r.Considered).HasColumnName("considered");
        b.Property(r => r.Message).HasColumnName("message").HasMaxLength(2000);
        b.Ignore(r => r.StartedAt);
        b.HasIndex(r => r.StartedAtMs);
        b.HasIndex(r => new { r.RuleId, r.StartedAtMs });
        b.HasMany(r => r.Actions).WithOne().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
