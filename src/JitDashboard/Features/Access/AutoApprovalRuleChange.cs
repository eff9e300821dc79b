namespace JitDashboard.Features.Access;

/// <summary>The result of a rule change: the rule, or per-field errors (the same messages the API returns).</summary>
public sealed record AutoApprovalRuleChange(AutoApprovalRuleOutcome Outcome, AutoApprovalRule? Rule = null, IReadOnlyDictionary<string, string[]>? Errors = null, string? Message = null);
