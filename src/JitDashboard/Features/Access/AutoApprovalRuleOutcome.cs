using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

public enum AutoApprovalRuleOutcome
{
    Done,
    Invalid,
    NotFound,
    Forbidden,
}
