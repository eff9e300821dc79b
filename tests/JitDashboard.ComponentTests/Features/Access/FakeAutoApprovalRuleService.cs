using JitDashboard.Features.Access;

namespace JitDashboard.ComponentTests.Features.Access;

/// <summary>Rules in memory, validated by the real <see cref="AutoApproval.Validate"/> and refused to non-Admins like the real service.</summary>
internal sealed class FakeAutoApprovalRuleService : IAutoApprovalRuleService
{
    public List<AutoApprovalRule> Rules { get; } = [];

    public List<string> Calls { get; } = [];

    public Task<IReadOnlyList<AutoApprovalRule>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AutoApprovalRule>>(Rules.OrderBy(r => r.Name).ToList());

    public Task<AutoApprovalRuleChange> CreateAsync(AutoApprovalRuleInput input, AccessActor actor, CancellationToken ct = default)
    {
        Calls.Add("create " + actor.Name);
        if (!actor.Has(JitDashboard.Platform.Identity.Roles.Admin)) return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.Forbidden, Message: "Only an Admin manages auto-approval rules."));
        var errors = AutoApproval.Validate(input, out var max);
        if (errors.Count > 0) return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.Invalid, Errors: errors));
        var rule = new AutoApprovalRule
        {
            Id = Guid.NewGuid(), Name = input.Name!.Trim(), RequesterRole = string.IsNullOrWhiteSpace(input.RequesterRole) ? null : input.RequesterRole,
            ResourceGroup = string.IsNullOrWhiteSpace(input.ResourceGroup) ? null : input.ResourceGroup, Tag = string.IsNullOrWhiteSpace(input.Tag) ? null : input.Tag,
            MaxDuration = max, Enabled = true, UpdatedAt = DateTimeOffset.UtcNow, UpdatedBy = actor.Name,
        };
        Rules.Add(rule);
        return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.Done, rule));
    }

    public Task<AutoApprovalRuleChange> DeleteAsync(Guid id, AccessActor actor, CancellationToken ct = default)
    {
        Calls.Add("delete " + actor.Name);
        if (!actor.Has(JitDashboard.Platform.Identity.Roles.Admin)) return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.Forbidden));
        var rule = Rules.FirstOrDefault(r => r.Id == id);
        if (rule is null) return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.NotFound));
        Rules.Remove(rule);
        return Task.FromResult(new AutoApprovalRuleChange(AutoApprovalRuleOutcome.Done, rule));
    }
}
