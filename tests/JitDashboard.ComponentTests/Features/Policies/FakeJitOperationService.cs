using System.Runtime.CompilerServices;
using JitDashboard.Features.Policies;

namespace JitDashboard.ComponentTests.Features.Policies;

/// <summary>A hand-written operation service: tests set the plan and the start result, and raise progress.</summary>
public sealed class FakeJitOperationService : IJitOperationService
{
    public PolicyPlan Plan { get; set; } = new(JitOperationKind.Apply, null, [], [], new Dictionary<string, string[]>());

    public JitOperationStart StartResult { get; set; } = new(Guid.NewGuid(), new Dictionary<string, string[]>());

    public Dictionary<Guid, JitOperationView> Views { get; } = [];

    public Guid? RetryResult { get; set; }

    public List<(JitOperationKind Kind, IReadOnlyList<string> Ids, Guid? TemplateId)> Previews { get; } = [];

    public List<(JitOperationKind Kind, IReadOnlyList<string> Ids, Guid? TemplateId, string Actor)> Starts { get; } = [];

    public List<(Guid Id, string Actor)> Retries { get; } = [];

    public int GetCount { get; private set; }

    public event Action<JitOperationView>? OperationChanged;

    public int Subscribers => OperationChanged?.GetInvocationList().Length ?? 0;

    public void Raise(JitOperationView view)
    {
        Views[view.Id] = view;
        OperationChanged?.Invoke(view);
    }

    public Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId = null, CancellationToken ct = default)
    {
        Previews.Add((kind, machineIds.ToList(), templateId));
        return Task.FromResult(Plan with { Kind = kind, TemplateId = templateId });
    }

    /// <summary>Returned as <see cref="PolicyPlan.RuleChanges"/> when the preview asks to close blocking rules.</summary>
    public IReadOnlyList<RuleChangePlan> RuleChanges { get; set; } = [];

    public List<bool> CloseRulesPreviews { get; } = [];

    public List<(Guid Id, bool DryRun, string Actor)> Undos { get; } = [];

    /// <summary>Dry run: the operation's succeeded rule changes; otherwise the same, marked Restored.</summary>
    public Task<RuleUndoResult> UndoRuleChangesAsync(Guid id, bool dryRun, string actor, CancellationToken ct = default)
    {
        Undos.Add((id, dryRun, actor));
        if (!Views.TryGetValue(id, out var view)) return Task.FromResult(new RuleUndoResult(false, []));
        var done = view.RuleChanges.Where(c => c.Status == JitRuleChangeStatus.Succeeded).ToList();
        return Task.FromResult(new RuleUndoResult(true, dryRun ? done : [.. done.Select(c => c with { Status = JitRuleChangeStatus.Restored })]));
    }

    public List<bool> CloseRulesStarts { get; } = [];

    public Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, bool closeBlockingRules, CancellationToken ct = default)
    {
        CloseRulesPreviews.Add(closeBlockingRules);
        Previews.Add((kind, machineIds.ToList(), templateId));
        return Task.FromResult(Plan with { Kind = kind, TemplateId = templateId, RuleChanges = closeBlockingRules ? RuleChanges : null });
    }

    public Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, bool closeBlockingRules, CancellationToken ct = default)
    {
        CloseRulesStarts.Add(closeBlockingRules);
        return StartAsync(kind, machineIds, templateId, actor, ct);
    }

    public Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, CancellationToken ct = default)
    {
        Starts.Add((kind, machineIds.ToList(), templateId, actor));
        return Task.FromResult(StartResult);
    }

    public Task<JitOperationView?> GetAsync(Guid id, CancellationToken ct = default)
    {
        GetCount++;
        return Task.FromResult(Views.TryGetValue(id, out var view) ? view : null);
    }

    /// <summary>When set, listing fails with it (the database went away between two reads).</summary>
    public Exception? ListFailure { get; set; }

    public Task<IReadOnlyList<JitOperationView>> ListRecentAsync(int take, CancellationToken ct = default)
        => ListFailure is { } failure
            ? Task.FromException<IReadOnlyList<JitOperationView>>(failure)
            : Task.FromResult<IReadOnlyList<JitOperationView>>(Views.Values.OrderByDescending(v => v.CreatedAt).Take(take).ToList());

    public Task<Guid?> RetryFailedAsync(Guid id, string actor, CancellationToken ct = default)
    {
        Retries.Add((id, actor));
        return Task.FromResult(RetryResult);
    }

    public async IAsyncEnumerable<JitOperationView> WatchAsync(Guid id, [EnumeratorCancellation] CancellationToken ct = default)
    {
        if (await GetAsync(id, ct) is { } view)
            yield return view;
    }
}
