using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>Recent operations with their counts; each opens the same progress/summary view as the Machines page.</summary>
public sealed partial class OperationsPage : IDisposable
{
    private const int Take = 50;
    private IReadOnlyList<JitOperationView>? _operations;
    private bool _canOperate;
    private string? _undoMessage;
    private bool _undoFailed;

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IJitOperationService Operations { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Operations.OperationChanged += OnOperationChanged;
        _canOperate = AuthenticationState is not null && UserRoles.Satisfies((await AuthenticationState).User, AppPolicies.Operate);
        _operations = await Operations.ListRecentAsync(Take);
    }

    // Counts move while operations run: replace the row in place, or reload for one not listed yet.
    private void OnOperationChanged(JitOperationView view) => _ = InvokeAsync(async () =>
    {
        var current = _operations ?? [];
        if (current.Any(o => o.Id == view.Id))
            _operations = current.Select(o => o.Id == view.Id ? view : o).ToList();
        else
            _operations = await Operations.ListRecentAsync(Take);
        StateHasChanged();
    });

    private async Task OpenAsync(JitOperationView operation)
    {
        var parameters = new DialogParameters<JitChangeDialog>
        {
            { d => d.Kind, operation.Kind },
            { d => d.OperationId, operation.Id },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true };
        await Dialogs.ShowAsync<JitChangeDialog>("Operation", parameters, options);
    }

    /// <summary>Preview (dry run: the rules that go back, as saved), confirm, then put them back.</summary>
    private async Task UndoAsync(JitOperationView operation)
    {
        if (AuthenticationState is null) return;
        var user = (await AuthenticationState).User;
        if (!UserRoles.Satisfies(user, AppPolicies.Operate)) return;
        var preview = await Operations.UndoRuleChangesAsync(operation.Id, dryRun: true, UserRoles.UserName(user));
        if (preview.Changes.Count == 0) return;
        var lines = string.Join("; ", preview.Changes.Select(c => $"{c.RuleName} on {c.NsgName} back to ports {string.Join(", ", c.PortsBefore)}"
            + (c.Action == RuleChangeAction.Delete ? " (re-created)" : "")));
        var confirmed = await Dialogs.ShowMessageBoxAsync("Undo rule changes",
            $"Put back {preview.Changes.Count} rule(s) exactly as they were before this operation: {lines}. The ports they allow are open again.",
            yesText: "Undo", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await Operations.UndoRuleChangesAsync(operation.Id, dryRun: false, UserRoles.UserName(user));
        var failed = result.Changes.Where(c => c.Status != JitRuleChangeStatus.Restored).ToList();
        _undoFailed = failed.Count > 0;
        _undoMessage = failed.Count == 0
            ? $"Restored {result.Changes.Count} rule(s)."
            : $"Restored {result.Changes.Count - failed.Count} rule(s); not restored: {string.Join("; ", failed.Select(c => $"{c.RuleName}: {c.Error}"))}";
        _operations = await Operations.ListRecentAsync(Take);
    }

    public void Dispose() => Operations.OperationChanged -= OnOperationChanged;
}
