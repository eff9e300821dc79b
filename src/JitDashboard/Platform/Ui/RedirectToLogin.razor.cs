using Microsoft.AspNetCore.Components;

namespace JitDashboard.Platform.Ui;

public sealed partial class RedirectToLogin
{
    [Inject] public required NavigationManager Navigation { get; init; }

    // A full page load: the sign-in challenge is an HTTP redirect, which a circuit cannot follow.
    protected override void OnInitialized()
    {
        var returnUrl = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo($"authentication/login?returnUrl={Uri.EscapeDataString(returnUrl)}", forceLoad: true);
    }
}
