namespace JitDashboard.Features.Policies;

public interface IPolicyTemplateService
{
    Task<IReadOnlyList<PolicyTemplate>> ListAsync(CancellationToken ct = default);

    Task<PolicyTemplate?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The template used when a request names none.</summary>
    Task<PolicyTemplate> GetDefaultAsync(CancellationToken ct = default);

    Task<PolicyTemplateResult> CreateAsync(PolicyTemplateInput input, string actor, CancellationToken ct = default);

    Task<PolicyTemplateResult> UpdateAsync(Guid id, PolicyTemplateInput input, string actor, CancellationToken ct = default);

    /// <summary>False when it does not exist; the default template cannot be deleted (errors say so).</summary>
    Task<PolicyTemplateResult> DeleteAsync(Guid id, string actor, CancellationToken ct = default);
}
