using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JitDashboard.Features.Automation;

[JsonConverter(typeof(JsonStringEnumConverter<AutomationMode>))]
public enum AutomationMode
{
    /// <summary>Starts a JIT operation for each candidate VM.</summary>
    Apply,

    /// <summary>Records a proposal per VM that an Approver or Admin approves (then applied) or rejects.</summary>
    RequireApproval,

    /// <summary>Records what it would do; nothing is written to Azure.</summary>
    DryRun,
}

/// <summary>Which VMs a rule sees. Empty lists mean everything the app can see.</summary>
public sealed class AutomationScope
{
    public List<string> SubscriptionIds { get; set; } = [];

    /// <summary>Resource group names (any subscription in scope), case-insensitive.</summary>
    public List<string> ResourceGroups { get; set; } = [];

    /// <summary>Every tag must match (value case-insensitive); <c>*</c> matches any value.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];
}

/// <summary>VMs a rule never touches.</summary>
public sealed class AutomationExclusions
{
    /// <summary>Any matching tag excludes the VM (e.g. <c>jit-exempt=true</c>).</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    public List<string> MachineIds { get; set; } = [];
}

/// <summary>Each trigger can be on or off per rule.</summary>
public sealed class AutomationTriggers
{
    /// <summary>The dashboard's own detection: an in-scope VM exposed or Not configured after an estate refresh (and drift).</summary>
    public bool Exposure { get; set; } = true;

    /// <summary>Defender's JIT assessment (805651bc-6ecd-4c73-9b55-97a19d0582d0) Unhealthy.</summary>
    public bool Assessment { get; set; } = true;

    /// <summary>The inbound webhook (Defender workflow automation, Event Grid).</summary>
    public bool Webhook { get; set; } = true;
}

/// <summary>An automation rule (Admin edits). The API's shape is this class, camelCased.</summary>
public sealed class AutomationRule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
    public AutomationScope Scope { get; set; } = new();
    public AutomationExclusions Exclusions { get; set; } = new();

    /// <summary>The JIT policy template; null: the default template.</summary>
    public Guid? TemplateId { get; set; }

    public AutomationMode Mode { get; set; }
    public AutomationTriggers Triggers { get; set; } = new();
    public int MaxActionsPerRun { get; set; } = AutomationRuleValidator.DefaultMaxActionsPerRun;
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>Body of POST/PUT: loose types so every bad field gets its own message.</summary>
public sealed record AutomationRuleInput(
    string? Name,
    bool? Enabled,
    AutomationScopeInput? Scope,
    AutomationExclusionsInput? Exclusions,
    string? TemplateId,
    string? Mode,
    AutomationTriggersInput? Triggers,
    int? MaxActionsPerRun);

public sealed record AutomationScopeInput(List<string>? SubscriptionIds, List<string>? ResourceGroups, Dictionary<string, string>? Tags);

public sealed record AutomationExclusionsInput(Dictionary<string, string>? Tags, List<string>? MachineIds);

public sealed record AutomationTriggersInput(bool? Exposure, bool? Assessment, bool? Webhook);

/// <summary>Validation of a rule input; errors keyed by JSON path (<c>scope.subscriptionIds[1]</c>).</summary>
public static class AutomationRuleValidator
{
    public const int NameMaxLength = 100;
    public const int DefaultMaxActionsPerRun = 50;
    public const int MaxActionsPerRunLimit = 1000;

    /// <summary>The rule the input describes, or the errors (then nothing may be written).</summary>
    public static (AutomationRule? Rule, Dictionary<string, string[]> Errors) Validate(AutomationRuleInput? input, IReadOnlyCollection<Guid> templateIds)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];
        if (input is null)
        {
            Add("body", "A rule is required.");
            return (null, errors);
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) Add("name", "Name is required.");
        else if (name.Length > NameMaxLength) Add("name", $"Name must be at most {NameMaxLength} characters.");

        var subscriptions = input.Scope?.SubscriptionIds ?? [];
        for (var i = 0; i < subscriptions.Count; i++)
        {
            if (!Guid.TryParse(subscriptions[i], out _)) Add($"scope.subscriptionIds[{i}]", $"'{subscriptions[i]}' is not a subscription id (a GUID).");
        }
        var groups = input.Scope?.ResourceGroups ?? [];
        for (var i = 0; i < groups.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(groups[i]) || groups[i].Length > 90) Add($"scope.resourceGroups[{i}]", "A resource group name is 1 to 90 characters.");
        }
        CheckTags(input.Scope?.Tags, "scope.tags", Add);
        CheckTags(input.Exclusions?.Tags, "exclusions.tags", Add);
        var machines = input.Exclusions?.MachineIds ?? [];
        for (var i = 0; i < machines.Count; i++)
        {
            if (!IsMachineId(machines[i])) Add($"exclusions.machineIds[{i}]", $"'{machines[i]}' is not a VM resource id (/subscriptions/{{id}}/resourceGroups/{{rg}}/providers/Microsoft.Compute/virtualMachines/{{name}}).");
        }

        Guid? templateId = null;
        if (!string.IsNullOrWhiteSpace(input.TemplateId))
        {
            if (!Guid.TryParse(input.TemplateId, out var tid)) Add("templateId", $"'{input.TemplateId}' is not a template id (a GUID).");
            else if (!templateIds.Contains(tid)) Add("templateId", $"Unknown template '{tid}'.");
            else templateId = tid;
        }

        var mode = AutomationMode.Apply;
        if (input.Mode is null) Add("mode", "Mode is required: Apply, RequireApproval or DryRun.");
        else if (!Enum.TryParse(input.Mode, ignoreCase: true, out mode) || !Enum.IsDefined(mode) || int.TryParse(input.Mode, out _))
            Add("mode", $"Unknown mode '{input.Mode}': use Apply, RequireApproval or DryRun.");

        var max = input.MaxActionsPerRun ?? DefaultMaxActionsPerRun;
        if (max is < 1 or > MaxActionsPerRunLimit) Add("maxActionsPerRun", $"maxActionsPerRun must be from 1 to {MaxActionsPerRunLimit}.");

        if (errors.Count > 0) return (null, errors);
        return (new AutomationRule
        {
            Name = name,
            Enabled = input.Enabled ?? true,
            Scope = new AutomationScope
            {
                SubscriptionIds = subscriptions.Select(s => Guid.Parse(s).ToString()).Distinct().ToList(),
                ResourceGroups = groups.Select(g => g.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Tags = new Dictionary<string, string>(input.Scope?.Tags ?? [], StringComparer.OrdinalIgnoreCase),
            },
            Exclusions = new AutomationExclusions
            {
                Tags = new Dictionary<string, string>(input.Exclusions?.Tags ?? [], StringComparer.OrdinalIgnoreCase),
                MachineIds = machines.Select(m => m.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            },
            TemplateId = templateId,
            Mode = mode,
            Triggers = new AutomationTriggers
            {
                Exposure = input.Triggers?.Exposure ?? true,
                Assessment = input.Triggers?.Assessment ?? true,
                Webhook = input.Triggers?.Webhook ?? true,
            },
            MaxActionsPerRun = max,
        }, errors);
    }

    private static void CheckTags(Dictionary<string, string>? tags, string path, Action<string, string> add)
    {
        foreach (var (key, value) in tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > 512) add($"{path}", "A tag name is 1 to 512 characters.");
            else if (value is null || value.Length > 256) add($"{path}.{key}", "A tag value is at most 256 characters.");
        }
    }

    public static bool IsMachineId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return false;
        var parts = id.Trim().Trim('/').Split('/');
        return parts.Length == 8
               && parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(parts[1], out _)
               && parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
               && parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
               && (parts[5].Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase) || parts[5].Equals("Microsoft.ClassicCompute", StringComparison.OrdinalIgnoreCase))
               && parts[6].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase)
               && parts[7].Length > 0;
    }
}

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
