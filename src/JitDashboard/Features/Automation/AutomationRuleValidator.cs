using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Automation;

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
