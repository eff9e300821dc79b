using System.Security.Claims;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Automation;

public sealed class AutomationService : IAutomationService, IDisposable
{
    private readonly AutomationRuleService _rules;
    private readonly AutomationEngine _engine;
    private readonly AutomationRunQueries _runs;
    private readonly IPolicyTemplateService _templates;

    // Several instances: runs and rule changes made on one refresh the others' pages too.
    private readonly ChangeRelay? _relay;

    public AutomationService(AutomationRuleService rules, AutomationEngine engine, AutomationRunQueries runs, IPolicyTemplateService templates, IChangeBus? bus = null)
    {
        _rules = rules;
        _engine = engine;
        _runs = runs;
        _templates = templates;
        _rules.Changed += OnChanged;
        _engine.Changed += OnChanged;
        if (bus is { IsShared: true }) _relay = new ChangeRelay(bus, "automation", _ => ChangeRelay.Replay(() => Changed?.Invoke()));
    }

    public event Action? Changed;

    private void OnChanged()
    {
        Changed?.Invoke();
        _relay?.Local("");
    }

    public void Dispose()
    {
        _rules.Changed -= OnChanged;
        _engine.Changed -= OnChanged;
        _relay?.Subscription.Dispose();
    }

    private static readonly IReadOnlyDictionary<string, string[]> Refused =
        new Dictionary<string, string[]> { ["role"] = ["Only an Admin can change automation rules."] };

    public Task<IReadOnlyList<AutomationRuleView>> ListRulesAsync(CancellationToken ct = default) => _rules.ListViewsAsync(ct);

    public Task<IReadOnlyList<PolicyTemplate>> ListTemplatesAsync(CancellationToken ct = default) => _templates.ListAsync(ct);

    public async Task<AutomationRuleResult> SaveRuleAsync(Guid? id, AutomationRuleInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!UserRoles.Satisfies(user, AppPolicies.Administer)) return new AutomationRuleResult(null, Refused);
        var actor = Actor.From(user);
        return id is { } existing ? await _rules.UpdateAsync(existing, input, actor, ct) : await _rules.CreateAsync(input, actor, ct);
    }

    public Task<bool> SetEnabledAsync(Guid id, bool enabled, ClaimsPrincipal user, CancellationToken ct = default) =>
        UserRoles.Satisfies(user, AppPolicies.Administer) ? _rules.SetEnabledAsync(id, enabled, Actor.From(user), ct) : Task.FromResult(false);

    public Task<bool> DeleteRuleAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default) =>
        UserRoles.Satisfies(user, AppPolicies.Administer) ? _rules.DeleteAsync(id, Actor.From(user), ct) : Task.FromResult(false);

    public async Task<AutomationRun?> RunNowAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!UserRoles.Satisfies(user, AppPolicies.Administer)) return null;
        var rule = await _rules.GetAsync(id, ct);
        if (rule is null) return null;
        var started = await _engine.StartRunAsync(new AutomationRunRequest(rule, AutomationTrigger.Manual, Actor.From(user)), ct);
        return started?.Run;
    }

    public Task<IReadOnlyList<AutomationRun>> ListRunsAsync(AutomationRunFilter filter, CancellationToken ct = default) => _runs.ListAsync(filter, ct);

    public Task<IReadOnlyList<PendingProposal>> ListPendingAsync(CancellationToken ct = default) => _runs.PendingAsync(ct);

    public async Task<bool> DecideAsync(long actionId, bool approve, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!UserRoles.Satisfies(user, AppPolicies.Approve)) return false;
        var actor = Actor.From(user);
        return (approve ? await _engine.ApproveAsync(actionId, actor, ct) : await _engine.RejectAsync(actionId, actor, ct)) is not null;
    }
}
