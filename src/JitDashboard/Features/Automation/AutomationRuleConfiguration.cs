using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

internal sealed class AutomationRuleConfiguration : IEntityTypeConfiguration<AutomationRule>
{
    public void Configure(EntityTypeBuilder<AutomationRule> b)
    {
        b.ToTable("automation_rules");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.Name).HasColumnName("name").HasMaxLength(AutomationRuleValidator.NameMaxLength);
        b.Property(r => r.Enabled).HasColumnName("enabled");
        // Small documents read and written whole: JSON text columns, the same on both providers.
        b.Property(r => r.Scope).HasColumnName("scope_json").HasConversion(JsonColumn.Converter<AutomationScope>(), JsonColumn.Comparer<AutomationScope>());
        b.Property(r => r.Exclusions).HasColumnName("exclusions_json").HasConversion(JsonColumn.Converter<AutomationExclusions>(), JsonColumn.Comparer<AutomationExclusions>());
        b.Property(r => r.Triggers).HasColumnName("triggers_json").HasConversion(JsonColumn.Converter<AutomationTriggers>(), JsonColumn.Comparer<AutomationTriggers>());
        b.Property(r => r.TemplateId).HasColumnName("template_id");
        b.Property(r => r.Mode).HasColumnName("mode").HasConversion<string>().HasMaxLength(32);
        b.Property(r => r.MaxActionsPerRun).HasColumnName("max_actions_per_run");
        b.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        b.Property(r => r.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        b.HasIndex(r => r.Name).IsUnique();
    }
}
