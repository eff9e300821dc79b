using JitDashboard.Platform.Work;

namespace JitDashboard.Features.Policies;

/// <summary>
/// With several instances, an operation's progress made on one (its runner) shows on the others' pages: its id goes
/// on the change bus, and each other instance re-reads it and raises <see cref="JitOperationService.OperationChanged"/>.
/// </summary>
internal sealed class JitOperationChangeRelay(JitOperationService operations, IChangeBus bus, ILogger<JitOperationChangeRelay> logger)
    : ChangeRelayService(bus, "operation", logger)
{
    protected override void Attach() => operations.OperationChanged += OnLocal;

    protected override void Detach() => operations.OperationChanged -= OnLocal;

    private void OnLocal(JitOperationView view) => Send(view.Id);

    protected override async Task<Action?> ReadAsync(Guid id) =>
        await operations.GetAsync(id) is { } view ? () => operations.Publish(view) : null;
}
