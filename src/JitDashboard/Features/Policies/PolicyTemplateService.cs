using JitDashboard.Features.Audit;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Features.Policies;

public sealed class PolicyTemplateService(IDbContextFactory<JitDbContext> factory, IAuditLog audit, TimeProvider time) : IPolicyTemplateService
{
    public async Task<IReadOnlyList<PolicyTemplate>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.PolicyTemplates().AsNoTracking().OrderByDescending(t => t.IsDefault).ThenBy(t => t.Name).ToListAsync(ct);
    }

    public async Task<PolicyTemplate?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.PolicyTemplates().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    public async Task<PolicyTemplate> GetDefaultAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.PolicyTemplates().AsNoTracking().FirstOrDefaultAsync(t => t.IsDefault, ct)
            ?? new PolicyTemplate { Id = PolicyTemplateDefaults.DefenderDefaultId, Name = PolicyTemplateDefaults.DefenderDefaultName, IsDefault = true, Ports = PolicyTemplateDefaults.DefenderPorts() };
    }

    public Task<PolicyTemplateResult> CreateAsync(PolicyTemplateInput input, string actor, CancellationToken ct = default) =>
        SaveAsync(null, input, actor, ct);

    public Task<PolicyTemplateResult> UpdateAsync(Guid id, PolicyTemplateInput input, string actor, CancellationToken ct = default) =>
        SaveAsync(id, input, actor, ct);

    public async Task<PolicyTemplateResult> DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var template = await db.PolicyTemplates().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (template is null) return new(null, new Dictionary<string, string[]> { ["id"] = [$"Unknown template '{id}'."] });
        if (template.IsDefault) return new(template, new Dictionary<string, string[]> { ["id"] = ["The default template cannot be deleted; make another one default first."] });
        db.PolicyTemplates().Remove(template);
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, template, "deleted", ct);
        return new(template, new Dictionary<string, string[]>());
    }

    private async Task<PolicyTemplateResult> SaveAsync(Guid? id, PolicyTemplateInput input, string actor, CancellationToken ct)
    {
        var errors = PolicyTemplateValidator.Validate(input).ToDictionary();
        await using var db = await factory.CreateDbContextAsync(ct);
        PolicyTemplate? template = null;
        if (id is { } existingId)
        {
            template = await db.PolicyTemplates().FirstOrDefaultAsync(t => t.Id == existingId, ct);
            if (template is null) errors["id"] = [$"Unknown template '{existingId}'."];
            else if (template.IsDefault && !input.IsDefault) errors["isDefault"] = ["Make another template default instead of clearing it here."];
        }
        if (!string.IsNullOrWhiteSpace(input.Name) && await db.PolicyTemplates().AnyAsync(t => t.Name == input.Name && t.Id != (id ?? Guid.Empty), ct))
            errors["name"] = [.. errors.GetValueOrDefault("name") ?? [], $"A template named '{input.Name}' already exists."];
        if (errors.Count > 0) return new(null, errors);

        template ??= db.PolicyTemplates().Add(new PolicyTemplate { Id = Guid.NewGuid() }).Entity;
        template.Name = input.Name;
        template.Description = input.Description;
        template.Ports = [.. input.Ports];
        template.UpdatedAt = time.GetUtcNow();
        template.UpdatedBy = actor;
        if (input.IsDefault && !template.IsDefault)
        {
            // One default at a time.
            await db.PolicyTemplates().Where(t => t.IsDefault).ForEachAsync(t => t.IsDefault = false, ct);
        }
        template.IsDefault = input.IsDefault || template.IsDefault;
        await db.SaveChangesAsync(ct);
        await AuditAsync(actor, template, id is null ? "created" : "updated", ct);
        return new(template, new Dictionary<string, string[]>());
    }

    private Task AuditAsync(string actor, PolicyTemplate template, string change, CancellationToken ct) =>
        audit.AppendAsync(new AuditEntry(actor, AuditActorKind.User, PolicyAuditActions.TemplateChanged, $"template:{template.Id}", AuditOutcome.Succeeded,
            new { change, name = template.Name, isDefault = template.IsDefault, ports = template.Ports }), ct);
}
