using System.Security.Claims;
using JitDashboard.Features.Policies;

namespace JitDashboard.Features.Automation;

/// <summary>What the Automation page needs, in one place; each change checks the caller's role itself.</summary>
public interface IAutomationService
{
    /// <summary>Raised after a rule, run or proposal changes (on this instance).</summary>
    event Action? Changed;

    Task<IReadOnlyList<AutomationRuleView>> ListRulesAsync(CancellationToken ct = default);

    Task<IReadOnlyList<PolicyTemplate>> ListTemplatesAsync(CancellationToken ct = default);

    /// <summary>Creates (<paramref name="id"/> null) or updates a rule; Admin only (else a "role" error).</summary>
    Task<AutomationRuleResult> SaveRuleAsync(Guid? id, AutomationRuleInput input, ClaimsPrincipal user, CancellationToken ct = default);

    Task<bool> SetEnabledAsync(Guid id, bool enabled, ClaimsPrincipal user, CancellationToken ct = default);

    Task<bool> DeleteRuleAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default);

    /// <summary>"Run now": the recorded run (its operations may still be running); null when refused or unknown.</summary>
    Task<AutomationRun?> RunNowAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default);

    Task<IReadOnlyList<AutomationRun>> ListRunsAsync(AutomationRunFilter filter, CancellationToken ct = default);

    Task<IReadOnlyList<PendingProposal>> ListPendingAsync(CancellationToken ct = default);

    /// <summary>Approver or Admin; false when refused, unknown or no longer pending.</summary>
    Task<bool> DecideAsync(long actionId, bool approve, ClaimsPrincipal user, CancellationToken ct = default);
}
