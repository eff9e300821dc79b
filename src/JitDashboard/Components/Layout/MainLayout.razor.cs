using JitDashboard.Features.Estate;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Components.Layout;

public sealed partial class MainLayout : IDisposable
{
    private readonly MudTheme _theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#0f6cbd", AppbarBackground = "#0f3d6e" },
        Typography = new Typography
        {
            // System fonts: no web font to fetch, so it renders the same offline.
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "system-ui", "-apple-system", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };

    private bool _drawerOpen = true;

    [Inject] public required IEstateService Estate { get; init; }

    private EstateSnapshot Snapshot => Estate.Snapshot;

    protected override void OnInitialized() => Estate.Changed += OnEstateChanged;

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private Task RefreshAsync() => Estate.RefreshAsync();

    private void OnEstateChanged(EstateSnapshot snapshot) => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Estate.Changed -= OnEstateChanged;
}
