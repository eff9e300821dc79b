namespace JitDashboard.Features.Access;

public enum AutoApprovalRuleOutcome
{
    Done,
    Invalid,
    NotFound,
    Forbidden,
}
