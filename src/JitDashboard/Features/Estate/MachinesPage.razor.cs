using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace JitDashboard.Features.Estate;

public sealed partial class MachinesPage : IDisposable
{
    [Inject] public required IEstateService Estate { get; init; }

    /// <summary>Virtualized rows (only the visible ones are in the DOM); tests turn it off to see every row.</summary>
    [Parameter] public bool Virtualize { get; set; } = true;

    private string? SearchText { get; set; }

    private EstateSnapshot Snapshot { get; set; } = EstateSnapshot.Initial;

    private string CountText => Snapshot.Machines.Count == 1 ? "1 machine" : $"{Snapshot.Machines.Count} machines";

    private string ShownText => string.IsNullOrWhiteSpace(SearchText)
        ? ""
        : $"{Snapshot.Machines.Count(QuickFilter)} of {Snapshot.Machines.Count} shown";

    protected override void OnInitialized()
    {
        Snapshot = Estate.Snapshot;
        Estate.Changed += OnEstateChanged;
    }

    private void OnEstateChanged(EstateSnapshot snapshot) => _ = InvokeAsync(() =>
    {
        Snapshot = snapshot;
        StateHasChanged();
    });

    private Task RetryAsync() => Estate.RefreshAsync();

    private bool QuickFilter(EstateMachine machine)
    {
        var search = SearchText?.Trim();
        if (string.IsNullOrEmpty(search))
            return true;
        return Contains(machine.Name, search) || Contains(machine.SubscriptionName, search) || Contains(machine.ResourceGroup, search)
            || Contains(machine.Location, search) || Contains(machine.OsType, search) || Contains(machine.PowerState, search);
    }

    private static bool Contains(string value, string search) => value.Contains(search, StringComparison.OrdinalIgnoreCase);

    internal static Color PowerStateColor(string powerState) => powerState.ToLowerInvariant() switch
    {
        "running" => Color.Success,
        "deallocated" or "stopped" => Color.Default,
        "starting" or "stopping" or "deallocating" => Color.Warning,
        _ => Color.Dark,
    };

    internal static string PowerStateText(string powerState) => string.IsNullOrEmpty(powerState) ? "unknown" : powerState;

    public void Dispose() => Estate.Changed -= OnEstateChanged;
}
