namespace JitDashboard.Features.Automation;

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
