using JitDashboard.Features.Policies;

namespace JitDashboard.ComponentTests.Features.Policies;

public sealed class FakePolicyTemplateService : IPolicyTemplateService
{
    public List<PolicyTemplate> Templates { get; } =
    [
        new() { Id = PolicyTemplateDefaults.DefenderDefaultId, Name = "Defender defaults", IsDefault = true, Ports = PolicyTemplateDefaults.DefenderPorts() },
        new() { Id = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), Name = "SSH only", Ports = [new PolicyTemplatePort { Number = 22 }] },
    ];

    public Task<IReadOnlyList<PolicyTemplate>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<PolicyTemplate>>(Templates);

    public Task<PolicyTemplate> GetDefaultAsync(CancellationToken ct = default) => Task.FromResult(Templates.First(t => t.IsDefault));

    public Task<PolicyTemplate?> GetAsync(Guid id, CancellationToken ct = default) => Task.FromResult(Templates.FirstOrDefault(t => t.Id == id));

    /// <summary>Every create/update input, in order (also the rejected ones).</summary>
    public List<PolicyTemplateInput> Saved { get; } = [];

    public List<Guid> Deleted { get; } = [];

    // The real validator, so the page shows the errors the service would return.
    public Task<PolicyTemplateResult> CreateAsync(PolicyTemplateInput input, string actor, CancellationToken ct = default) => Task.FromResult(Save(null, input, actor));

    public Task<PolicyTemplateResult> UpdateAsync(Guid id, PolicyTemplateInput input, string actor, CancellationToken ct = default) => Task.FromResult(Save(id, input, actor));

    public Task<PolicyTemplateResult> DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        Deleted.Add(id);
        var template = Templates.FirstOrDefault(t => t.Id == id);
        if (template is not null) Templates.Remove(template);
        return Task.FromResult(new PolicyTemplateResult(template, new Dictionary<string, string[]>()));
    }

    private PolicyTemplateResult Save(Guid? id, PolicyTemplateInput input, string actor)
    {
        Saved.Add(input);
        var errors = PolicyTemplateValidator.Validate(input);
        if (errors.Count > 0) return new(null, errors);
        var template = id is { } existing ? Templates.First(t => t.Id == existing) : new PolicyTemplate { Id = Guid.NewGuid() };
        if (id is null) Templates.Add(template);
        template.Name = input.Name;
        template.Description = input.Description;
        template.IsDefault = input.IsDefault;
        template.Ports = [.. input.Ports];
        template.UpdatedBy = actor;
        return new(template, new Dictionary<string, string[]>());
    }
}
