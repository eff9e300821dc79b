namespace JitDashboard.Features.Policies;

/// <summary>Undo's result: what was (or, dry run, would be) put back, per rule.</summary>
public sealed record RuleUndoResult(bool Found, IReadOnlyList<JitRuleChangeView> Changes);
