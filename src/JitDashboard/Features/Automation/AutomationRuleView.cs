namespace JitDashboard.Features.Automation;

/// <summary>A rule with what its scope matches in the current estate (the UI and API warn when nothing).</summary>
public sealed record AutomationRuleView(AutomationRule Rule, int MatchingMachines, int ExcludedMachines);
