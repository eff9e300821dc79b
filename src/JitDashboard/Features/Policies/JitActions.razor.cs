using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Policies;

/// <summary>"Apply JIT…" / "Remove JIT…" for the given VMs, shown to Operators and Admins only (the service checks again).</summary>
public sealed partial class JitActions
{
    private bool _canOperate;

    // A cascading parameter rather than AuthorizeView: hosts rendered without authorization (older page tests) simply show no actions.
    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Parameter] public IReadOnlyList<string> MachineIds { get; set; } = [];

    protected override async Task OnParametersSetAsync()
    {
        // The same role mapping the Operate policy is built from (UserRoles.PolicyRoles).
        _canOperate = AuthenticationState is not null && UserRoles.Satisfies((await AuthenticationState).User, AppPolicies.Operate);
    }

    private async Task OpenAsync(JitOperationKind kind)
    {
        var parameters = new DialogParameters<JitChangeDialog>
        {
            { d => d.Kind, kind },
            { d => d.MachineIds, MachineIds.ToList() },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        await Dialogs.ShowAsync<JitChangeDialog>(kind == JitOperationKind.Apply ? "Apply JIT" : "Remove JIT", parameters, options);
    }
}
