namespace JitDashboard.Features.Access;

/// <summary>Auto-approval rules (Admin only), shared by the API and the Access page so both validate and audit alike.</summary>
public interface IAutoApprovalRuleService
{
    Task<IReadOnlyList<AutoApprovalRule>> ListAsync(CancellationToken ct = default);

    Task<AutoApprovalRuleChange> CreateAsync(AutoApprovalRuleInput input, AccessActor actor, CancellationToken ct = default);

    Task<AutoApprovalRuleChange> DeleteAsync(Guid id, AccessActor actor, CancellationToken ct = default);
}
