namespace JitDashboard.Features.Automation;

/// <summary>Save result: the rule, or the errors per field (nothing written).</summary>
public sealed record AutomationRuleResult(AutomationRule? Rule, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Rule is not null && Errors.Count == 0;
}
