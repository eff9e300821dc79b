namespace JitDashboard.Features.Policies;

public interface IJitOperationService
{
    /// <summary>What would change, reading current policies from ARM; <see cref="PolicyPlan.Errors"/> lists bad input.</summary>
    Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId = null, CancellationToken ct = default);

    /// <summary>Validates, persists the operation and its items, and queues it; runs server-side.</summary>
    Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, CancellationToken ct = default);

    /// <summary>
    /// Apply only: the preview plus, when <paramref name="closeBlockingRules"/>, per custom allow rule that keeps the JIT
    /// ports open what closing it does (<see cref="PolicyPlan.RuleChanges"/>).
    /// </summary>
    Task<PolicyPlan> PreviewAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, bool closeBlockingRules, CancellationToken ct = default) =>
        PreviewAsync(kind, machineIds, templateId, ct);

    /// <summary>Start; with <paramref name="closeBlockingRules"/> (apply only) the rules are saved whole with the operation, then closed after JIT.</summary>
    Task<JitOperationStart> StartAsync(JitOperationKind kind, IReadOnlyList<string> machineIds, Guid? templateId, string actor, bool closeBlockingRules, CancellationToken ct = default) =>
        StartAsync(kind, machineIds, templateId, actor, ct);

    /// <summary>Puts back the rules the operation closed (dry run: lists them); Found is false for an unknown operation.</summary>
    Task<RuleUndoResult> UndoRuleChangesAsync(Guid id, bool dryRun, string actor, CancellationToken ct = default) =>
        Task.FromResult(new RuleUndoResult(false, []));

    Task<JitOperationView?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The latest operations, newest first (the UI's Operations list).</summary>
    Task<IReadOnlyList<JitOperationView>> ListRecentAsync(int take, CancellationToken ct = default);

    /// <summary>A new operation with the failed items only; null when the operation is unknown, unfinished or has none failed.</summary>
    Task<Guid?> RetryFailedAsync(Guid id, string actor, CancellationToken ct = default);

    /// <summary>Raised after every change of an operation (items done, finished).</summary>
    event Action<JitOperationView>? OperationChanged;

    /// <summary>The operation's state now and after every change, until it finishes.</summary>
    IAsyncEnumerable<JitOperationView> WatchAsync(Guid id, CancellationToken ct = default);
}
