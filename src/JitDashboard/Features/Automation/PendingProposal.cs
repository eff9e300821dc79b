namespace JitDashboard.Features.Automation;

/// <summary>A pending proposal with its run's rule (the approvals list).</summary>
public sealed record PendingProposal(AutomationAction Action, Guid RunId, Guid RuleId, string RuleName, DateTimeOffset ProposedAt);
