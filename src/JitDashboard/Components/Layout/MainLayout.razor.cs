using System.Security.Claims;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace JitDashboard.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    /// <summary>The menu, in order; an item shows only to roles its policy admits.</summary>
    public static IReadOnlyList<NavItem> NavItems { get; } =
    [
        new("/", "Overview", Icons.Material.Filled.Dashboard, AppPolicies.Read, NavLinkMatch.All),
        new("/machines", "Machines", Icons.Material.Filled.Computer, AppPolicies.Read),
        new("/subscriptions", "Subscriptions", Icons.Material.Filled.CloudQueue, AppPolicies.Read),
        new("/access", "Access", Icons.Material.Filled.LockClock, AppPolicies.Read),
        new("/automation", "Automation", Icons.Material.Filled.AutoMode, AppPolicies.Approve),
        new("/policies/templates", "JIT templates", Icons.Material.Filled.Rule, AppPolicies.Administer),
        new("/notifications", "Notifications", Icons.Material.Filled.NotificationsActive, AppPolicies.Administer),
        new("/audit", "Audit", Icons.Material.Filled.History, AppPolicies.Read),
    ];

    private readonly MudTheme _theme = new()
    {
        // Every colour used as text or behind text meets WCAG AA (4.5:1) on the page and surface colours (axe-core in
        // the browser tests checks both themes): MudBlazor's defaults (e.g. success #00c853, warning #ff9800) do not.
        PaletteLight = new PaletteLight
        {
            Primary = "#0f6cbd",
            AppbarBackground = "#0f3d6e",
            Success = "#2e7d32",
            Warning = "#9a4d00",
            Error = "#c62828",
            Info = "#0b62a8",
            TextSecondary = "#5a6472",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#5ca8f0",
            PrimaryContrastText = "#0b1520",
            AppbarBackground = "#14202e",
            Background = "#101418",
            Surface = "#1b2129",
            Success = "#66bb6a",
            SuccessContrastText = "#0b1a0c",
            Warning = "#ffb74d",
            WarningContrastText = "#1f1300",
            Error = "#f48a84",
            ErrorContrastText = "#1f0705",
            Info = "#64b5f6",
            InfoContrastText = "#0b1520",
            TextSecondary = "#aab4c0",
        },
        Typography = new Typography
        {
            // System fonts: no web font to fetch, so it renders the same offline.
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "system-ui", "-apple-system", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    private const string PrefsModule = "./assets/js/prefs.js";
    private const string DarkKey = "jd.theme.dark";

    private bool _drawerOpen = true;
    private bool _dark;
    private IJSObjectReference? _prefs;
    private ClaimsPrincipal? _user;

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required EstateRefresh EstateRefresh { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private EstateSnapshot Snapshot => Estate.Snapshot;

    private IEnumerable<NavItem> VisibleNavItems => _user is null ? [] : NavItems.Where(i => UserRoles.Satisfies(_user, i.Policy));

    protected override void OnInitialized() => Estate.Changed += OnEstateChanged;

    private ErrorBoundary? _errorBoundary;

    // A failed page must not stay failed: navigating elsewhere, or "Try again", renders the page afresh.
    private void RecoverFromError() => _errorBoundary?.Recover();

    protected override async Task OnParametersSetAsync()
    {
        _errorBoundary?.Recover();
        var state = AuthenticationState is null ? null : await AuthenticationState;
        _user = state?.User.Identity?.IsAuthenticated == true ? state.User : null;
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // localStorage is only reachable once the circuit runs; prerendering shows the light theme until then.
        if (!firstRender || !RendererInfo.IsInteractive)
            return;
        try
        {
            _prefs ??= await JS.InvokeAsync<IJSObjectReference>("import", PrefsModule);
            if (await _prefs.InvokeAsync<bool?>("getJson", DarkKey) == true)
            {
                _dark = true;
                StateHasChanged();
            }
        }
        catch (JSException)
        {
            // No module, no preference: stay light.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task ToggleDarkAsync()
    {
        _dark = !_dark;
        try
        {
            // A click may come before the first render has loaded the module: the choice is still remembered.
            _prefs ??= await JS.InvokeAsync<IJSObjectReference>("import", PrefsModule);
            await _prefs.InvokeVoidAsync("setJson", DarkKey, _dark);
        }
        catch (JSException)
        {
            // No module: the choice lasts for this page only.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    // The service checks the role again: hiding the button is not the protection.
    private Task RefreshAsync() => _user is null ? Task.CompletedTask : EstateRefresh.RequestAsync(_user);

    // Raised on a background thread: awaited, and a failure goes to the renderer rather than being lost.
    private async void OnEstateChanged(EstateSnapshot snapshot)
    {
        try
        {
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public void Dispose() => Estate.Changed -= OnEstateChanged;
}
