using System.Security.Claims;
using JitDashboard.Features.Automation;
using JitDashboard.Features.Policies;

namespace JitDashboard.ComponentTests.Features.Automation;

/// <summary>Rules, runs and proposals in memory; records what the page asked for.</summary>
public sealed class FakeAutomationService : IAutomationService
{
    public List<AutomationRuleView> Rules { get; } = [];
    public List<AutomationRun> Runs { get; } = [];
    public List<PendingProposal> Pending { get; } = [];
    public List<(Guid? Id, AutomationRuleInput Input)> Saved { get; } = [];
    public List<(Guid Id, bool Enabled)> Toggles { get; } = [];
    public List<(long Id, bool Approve)> Decisions { get; } = [];
    public List<Guid> RunNow { get; } = [];
    public List<AutomationRunFilter> Filters { get; } = [];

    public event Action? Changed;

    public void RaiseChanged() => Changed?.Invoke();

    public Task<IReadOnlyList<AutomationRuleView>> ListRulesAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AutomationRuleView>>([.. Rules]);

    public Task<IReadOnlyList<PolicyTemplate>> ListTemplatesAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<PolicyTemplate>>([new PolicyTemplate { Id = PolicyTemplateDefaults.DefenderDefaultId, Name = "Defender default", IsDefault = true }]);

    public Task<AutomationRuleResult> SaveRuleAsync(Guid? id, AutomationRuleInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var (rule, errors) = AutomationRuleValidator.Validate(input, [PolicyTemplateDefaults.DefenderDefaultId]);
        if (rule is null) return Task.FromResult(new AutomationRuleResult(null, errors));
        rule.Id = id ?? Guid.NewGuid();
        Saved.Add((id, input));
        Rules.RemoveAll(r => r.Rule.Id == rule.Id);
        Rules.Add(new AutomationRuleView(rule, 3, 0));
        return Task.FromResult(new AutomationRuleResult(rule, errors));
    }

    public Task<bool> SetEnabledAsync(Guid id, bool enabled, ClaimsPrincipal user, CancellationToken ct = default)
    {
        Toggles.Add((id, enabled));
        Rules.First(r => r.Rule.Id == id).Rule.Enabled = enabled;
        return Task.FromResult(true);
    }

    public Task<bool> DeleteRuleAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default) => Task.FromResult(Rules.RemoveAll(r => r.Rule.Id == id) > 0);

    public Task<AutomationRun?> RunNowAsync(Guid id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        RunNow.Add(id);
        var rule = Rules.First(r => r.Rule.Id == id).Rule;
        var run = new AutomationRun
        {
            Id = Guid.NewGuid(),
            RuleId = id,
            RuleName = rule.Name,
            Trigger = AutomationTrigger.Manual,
            Mode = rule.Mode,
            Status = AutomationRunStatus.DryRun,
            StartedBy = "carol@contoso.test",
            StartedAtMs = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            Considered = 3,
            Actions =
            [
                new AutomationAction { Id = 1, MachineName = "vm-web-01", Kind = AutomationActionKind.Apply, Status = AutomationActionStatus.WouldApply, Reason = "Exposed to the Internet on port 22; JIT not configured." },
                new AutomationAction { Id = 2, MachineName = "vm-exempt", Kind = AutomationActionKind.Skip, Status = AutomationActionStatus.Skipped, Reason = "Excluded by tag jit-exempt=true." },
            ],
        };
        Runs.Insert(0, run);
        return Task.FromResult<AutomationRun?>(run);
    }

    public Task<IReadOnlyList<AutomationRun>> ListRunsAsync(AutomationRunFilter filter, CancellationToken ct = default)
    {
        Filters.Add(filter);
        return Task.FromResult<IReadOnlyList<AutomationRun>>(Runs.Where(r => filter.Trigger is null || r.Trigger == filter.Trigger)
            .Where(r => filter.From is null || r.StartedAt >= filter.From).ToList());
    }

    public Task<IReadOnlyList<PendingProposal>> ListPendingAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<PendingProposal>>([.. Pending]);

    public Task<bool> DecideAsync(long actionId, bool approve, ClaimsPrincipal user, CancellationToken ct = default)
    {
        Decisions.Add((actionId, approve));
        return Task.FromResult(Pending.RemoveAll(p => p.Action.Id == actionId) > 0);
    }
}
