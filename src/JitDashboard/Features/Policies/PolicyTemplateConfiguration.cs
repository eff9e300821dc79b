using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

internal sealed class PolicyTemplateConfiguration : IEntityTypeConfiguration<PolicyTemplate>
{
    public void Configure(EntityTypeBuilder<PolicyTemplate> b)
    {
        b.ToTable("jit_policy_templates");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).HasColumnName("id");
        b.Property(t => t.Name).HasColumnName("name").HasMaxLength(PolicyTemplateValidator.NameMaxLength);
        b.Property(t => t.Description).HasColumnName("description").HasMaxLength(1000);
        b.Property(t => t.IsDefault).HasColumnName("is_default");
        b.Property(t => t.Ports).HasColumnName("ports_json").HasConversion(JsonColumn.Converter<List<PolicyTemplatePort>>(), JsonColumn.Comparer<List<PolicyTemplatePort>>());
        b.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        b.Property(t => t.UpdatedBy).HasColumnName("updated_by").HasMaxLength(256);
        b.HasIndex(t => t.Name).IsUnique();
        b.HasData(new PolicyTemplate
        {
            Id = PolicyTemplateDefaults.DefenderDefaultId,
            Name = PolicyTemplateDefaults.DefenderDefaultName,
            Description = "Defender for Cloud's defaults: 22, 3389, 5985, 5986, any protocol, any source, at most 3 hours.",
            IsDefault = true,
            Ports = PolicyTemplateDefaults.DefenderPorts(),
            UpdatedAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
            UpdatedBy = "system",
        });
    }
}
