using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

/// <summary>A rule as the API shows it: the shape plus what its scope matches now.</summary>
public sealed record AutomationRuleResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("scope")] AutomationScope Scope,
    [property: JsonPropertyName("exclusions")] AutomationExclusions Exclusions,
    [property: JsonPropertyName("templateId")] Guid? TemplateId,
    [property: JsonPropertyName("mode")] AutomationMode Mode,
    [property: JsonPropertyName("triggers")] AutomationTriggers Triggers,
    [property: JsonPropertyName("maxActionsPerRun")] int MaxActionsPerRun,
    [property: JsonPropertyName("matchingMachines")] int MatchingMachines,
    [property: JsonPropertyName("warning"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning)
{
    public static AutomationRuleResponse From(AutomationRule r, int matching) => new(
        r.Id, r.Name, r.Enabled, r.Scope, r.Exclusions, r.TemplateId, r.Mode, r.Triggers, r.MaxActionsPerRun, matching,
        matching == 0 ? "The rule's scope matches no VM." : null);
}
