using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Access;

public sealed class AutoApprovalRuleService(IDbContextFactory<JitDbContext> factory, IAuditLog audit, TimeProvider time) : IAutoApprovalRuleService
{
    public async Task<IReadOnlyList<AutoApprovalRule>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AutoApprovalRules().AsNoTracking().OrderBy(r => r.Name).ToListAsync(ct);
    }

    public async Task<AutoApprovalRuleChange> CreateAsync(AutoApprovalRuleInput input, AccessActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        // Checked here too, not only by the endpoint's policy: the page calls this directly over the circuit.
        if (!actor.Has(Platform.Identity.Roles.Admin)) return Forbidden();
        var errors = AutoApproval.Validate(input, out var max);
        await using var db = await factory.CreateDbContextAsync(ct);
        var name = input.Name?.Trim() ?? "";
        if (errors.Count == 0 && await db.AutoApprovalRules().AnyAsync(r => r.Name == name, ct))
            errors["name"] = [$"A rule named '{name}' already exists."];
        if (errors.Count > 0) return new(AutoApprovalRuleOutcome.Invalid, Errors: errors);
        var rule = new AutoApprovalRule
        {
            Id = Guid.NewGuid(),
            Name = name,
            RequesterRole = string.IsNullOrWhiteSpace(input.RequesterRole) ? null : input.RequesterRole.Trim(),
            ResourceGroup = string.IsNullOrWhiteSpace(input.ResourceGroup) ? null : input.ResourceGroup.Trim(),
            Tag = string.IsNullOrWhiteSpace(input.Tag) ? null : input.Tag.Trim(),
            MaxDuration = max,
            Enabled = input.Enabled ?? true,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = actor.Name,
        };
        db.AutoApprovalRules().Add(rule);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor.Name, AuditActorKind.User, AuditActions.AccessAutoApprovalRuleChanged, $"auto-approval-rule/{rule.Name}", AuditOutcome.Succeeded,
            new { change = "created", rule.RequesterRole, rule.ResourceGroup, rule.Tag, maxDuration = input.MaxDuration }), ct);
        return new(AutoApprovalRuleOutcome.Done, rule);
    }

    public async Task<AutoApprovalRuleChange> DeleteAsync(Guid id, AccessActor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Has(Platform.Identity.Roles.Admin)) return Forbidden();
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AutoApprovalRules().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return new(AutoApprovalRuleOutcome.NotFound, Message: $"No auto-approval rule '{id}'.");
        db.AutoApprovalRules().Remove(rule);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor.Name, AuditActorKind.User, AuditActions.AccessAutoApprovalRuleChanged, $"auto-approval-rule/{rule.Name}", AuditOutcome.Succeeded, new { change = "deleted" }), ct);
        return new(AutoApprovalRuleOutcome.Done, rule);
    }

    private static AutoApprovalRuleChange Forbidden() => new(AutoApprovalRuleOutcome.Forbidden, Message: "Only an Admin manages auto-approval rules.");
}
