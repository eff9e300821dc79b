namespace JitDashboard.Features.Automation;

/// <summary>Filters of the run history; all optional, newest first.</summary>
public sealed record AutomationRunFilter(
    Guid? RuleId = null,
    AutomationTrigger? Trigger = null,
    AutomationRunStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Take = 50);
