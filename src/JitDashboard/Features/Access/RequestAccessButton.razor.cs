using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Access;

/// <summary>"Request access…" for one VM with JIT, shown to Operators and Admins (the service checks again).</summary>
public sealed partial class RequestAccessButton
{
    private bool _canRequest;

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Parameter, EditorRequired] public string MachineId { get; set; } = "";

    /// <summary>Only VMs with a JIT policy can be requested.</summary>
    [Parameter] public bool HasJit { get; set; }

    /// <summary>An icon button for a table row (the Machines page) instead of the labelled button.</summary>
    [Parameter] public bool Compact { get; set; }

    /// <summary>Names the VM in the compact button's accessible name.</summary>
    [Parameter] public string? MachineName { get; set; }

    protected override async Task OnParametersSetAsync() =>
        _canRequest = HasJit && AuthenticationState is not null && UserRoles.Satisfies((await AuthenticationState).User, AppPolicies.Operate);

    private bool _open;

    private async Task OpenAsync()
    {
        // A double click must not stack two dialogs.
        if (_open) return;
        _open = true;
        try
        {
            await ShowAsync();
        }
        finally
        {
            _open = false;
        }
    }

    private async Task ShowAsync()
    {
        var parameters = new DialogParameters<AccessRequestDialog> { { d => d.MachineId, MachineId } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<AccessRequestDialog>("Request access", parameters, options);
        if (await dialog.Result is { Canceled: false }) Navigation.NavigateTo("access");
    }
}
