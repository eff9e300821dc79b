using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>Recent operations with their counts; each opens the same progress/summary view as the Machines page.</summary>
public sealed partial class OperationsPage : IDisposable
{
    private const int Take = 50;
    private IReadOnlyList<JitOperationView>? _operations;

    [Inject] public required IJitOperationService Operations { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    protected override async Task OnInitializedAsync()
    {
        Operations.OperationChanged += OnOperationChanged;
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

    public void Dispose() => Operations.OperationChanged -= OnOperationChanged;
}
