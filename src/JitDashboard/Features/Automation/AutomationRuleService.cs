using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Automation;

/// <summary>Stored, validated, audited automation rules.</summary>
public sealed class AutomationRuleService(
    IDbContextFactory<JitDbContext> factory,
    IPolicyTemplateService templates,
    IEstateService estate,
    IAuditLog audit,
    TimeProvider time)
{
    /// <summary>Raised after a rule is created, changed or deleted.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<AutomationRule>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rules = await db.AutomationRules().AsNoTracking().ToListAsync(ct);
        return rules.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<AutomationRuleView>> ListViewsAsync(CancellationToken ct = default)
    {
        var machines = estate.Snapshot.Machines;
        return (await ListAsync(ct)).Select(r =>
        {
            var scoped = ScopeEvaluator.Evaluate(r, machines);
            return new AutomationRuleView(r, scoped.Count, scoped.Count(s => s.ExcludedBecause is not null));
        }).ToList();
    }

    public async Task<AutomationRule?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.AutomationRules().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    public Task<AutomationRuleResult> CreateAsync(AutomationRuleInput? input, string actor, CancellationToken ct = default) => SaveAsync(null, input, actor, ct);

    public Task<AutomationRuleResult> UpdateAsync(Guid id, AutomationRuleInput? input, string actor, CancellationToken ct = default) => SaveAsync(id, input, actor, ct);

    /// <summary>Turns a rule on or off (the page's toggle); false when unknown.</summary>
    public async Task<bool> SetEnabledAsync(Guid id, bool enabled, string actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AutomationRules().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return false;
        rule.Enabled = enabled;
        rule.UpdatedAt = time.GetUtcNow();
        rule.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.AutomationRuleUpdated, rule.Name, AuditOutcome.Succeeded, new { ruleId = id, enabled }), ct);
        Changed?.Invoke();
        return true;
    }

    public async Task<bool> DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rule = await db.AutomationRules().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return false;
        db.AutomationRules().Remove(rule);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, AuditActions.AutomationRuleDeleted, rule.Name, AuditOutcome.Succeeded, new { ruleId = id }), ct);
        Changed?.Invoke();
        return true;
    }

    private async Task<AutomationRuleResult> SaveAsync(Guid? id, AutomationRuleInput? input, string actor, CancellationToken ct)
    {
        var templateIds = (await templates.ListAsync(ct)).Select(t => t.Id).ToHashSet();
        var (rule, errors) = AutomationRuleValidator.Validate(input, templateIds);
        if (rule is null) return new AutomationRuleResult(null, errors);

        await using var db = await factory.CreateDbContextAsync(ct);
        var all = await db.AutomationRules().ToListAsync(ct);
        if (all.Any(r => r.Id != id && string.Equals(r.Name, rule.Name, StringComparison.OrdinalIgnoreCase)))
            return new AutomationRuleResult(null, new Dictionary<string, string[]> { ["name"] = [$"A rule named '{rule.Name}' already exists."] });

        AutomationRule stored;
        if (id is { } existingId)
        {
            stored = all.FirstOrDefault(r => r.Id == existingId) ?? throw new KeyNotFoundException($"No rule '{existingId}'.");
            stored.Name = rule.Name;
            stored.Enabled = rule.Enabled;
            stored.Scope = rule.Scope;
            stored.Exclusions = rule.Exclusions;
            stored.TemplateId = rule.TemplateId;
            stored.Mode = rule.Mode;
            stored.Triggers = rule.Triggers;
            stored.MaxActionsPerRun = rule.MaxActionsPerRun;
        }
        else
        {
            stored = rule;
            stored.Id = Guid.NewGuid();
            db.AutomationRules().Add(stored);
        }
        stored.UpdatedAt = time.GetUtcNow();
        stored.UpdatedBy = actor;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, id is null ? AuditActions.AutomationRuleCreated : AuditActions.AutomationRuleUpdated,
            stored.Name, AuditOutcome.Succeeded, new { ruleId = stored.Id, rule = stored }), ct);
        Changed?.Invoke();
        return new AutomationRuleResult(stored, errors);
    }
}
