using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Policies;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationStatus>))]
public enum JitOperationStatus
{
    Pending,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitOperationItemStatus>))]
public enum JitOperationItemStatus
{
    Pending,
    Succeeded,
    Failed,
    Skipped,
}

/// <summary>A bulk apply or remove. Persisted with its items before any ARM call, so a restart resumes it.</summary>
public sealed class JitOperation
{
    public Guid Id { get; set; }
    public JitOperationKind Kind { get; set; }
    public Guid? TemplateId { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public JitOperationStatus Status { get; set; }

    /// <summary>The operation this one retries the failed items of, if any.</summary>
    public Guid? RetryOf { get; set; }

    public List<JitOperationItem> Items { get; set; } = [];

    /// <summary>Custom allow rules this apply closes after JIT is in place (opt-in), each with the rule as it was.</summary>
    public List<JitRuleChange> RuleChanges { get; set; } = [];
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<JitRuleChangeStatus>))]
public enum JitRuleChangeStatus
{
    Pending,
    Succeeded,
    Failed,
    Skipped,
    Restored,
}

/// <summary>
/// One custom allow rule an apply deletes or rewrites. <see cref="OriginalJson"/> is the whole rule as ARM returned it,
/// stored before any write so a restart resumes and Undo can put it back exactly.
/// </summary>
public sealed class JitRuleChange
{
    public long Id { get; set; }
    public Guid OperationId { get; set; }
    public int Position { get; set; }
    public string NsgId { get; set; } = "";
    public string NsgName { get; set; } = "";
    public string Level { get; set; } = "";
    public string RuleName { get; set; } = "";
    public RuleChangeAction Action { get; set; }
    public string OriginalJson { get; set; } = "";
    public List<string> PortsBefore { get; set; } = [];
    public List<string> PortsAfter { get; set; } = [];
    public List<int> JitPorts { get; set; } = [];

    /// <summary>The selected VMs the rule kept open: the rule is only closed once JIT is applied to all of them.</summary>
    public List<string> MachineIds { get; set; } = [];

    /// <summary>Other VMs behind the same NSG (names), which lose the same ports.</summary>
    public List<string> OtherAffectedVms { get; set; } = [];

    public JitRuleChangeStatus Status { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One VM of an operation, with the policy it goes to and the ports planned for it.</summary>
public sealed class JitOperationItem
{
    public long Id { get; set; }
    public Guid OperationId { get; set; }
    public int Position { get; set; }
    public string MachineId { get; set; } = "";
    public string MachineName { get; set; } = "";

    /// <summary>The policy's resource id (<see cref="JitPolicyId.Id"/>); empty for items skipped before planning one.</summary>
    public string PolicyId { get; set; } = "";

    /// <summary>Apply: the ports planned for the VM (kept so a resumed run does not depend on the template changing since).</summary>
    public List<JitPortRule> Ports { get; set; } = [];

    public JitOperationItemStatus Status { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

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

/// <summary>JSON text columns for small documents read and written whole (same on both providers).</summary>
internal static class JsonColumn
{
    public static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Converter<T>()
        where T : new() =>
        new(v => JsonSerializer.Serialize(v, ArmJson.Options), v => JsonSerializer.Deserialize<T>(v, ArmJson.Options) ?? new T());

    public static ValueComparer<T> Comparer<T>()
        where T : class, new() =>
        new(
            (a, b) => JsonSerializer.Serialize(a, ArmJson.Options) == JsonSerializer.Serialize(b, ArmJson.Options),
            v => JsonSerializer.Serialize(v, ArmJson.Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ArmJson.Options), ArmJson.Options) ?? new T());
}
