using JitDashboard.Platform.Estate;
using System.Globalization;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using MudBlazor;

namespace JitDashboard.Features.Machines;

public sealed partial class MachinesPage : IAsyncDisposable
{
    private const string DownloadModule = "./assets/js/download.js";

    // The filtered view, recomputed only when the snapshot or the filter changes (never per render): 10,000 rows stay fluid.
    private IReadOnlyList<EstateMachine> _view = [];
    // By id: a refresh publishes new instances of the same machines, and the grid drops selections it no longer finds.
    private HashSet<EstateMachine> _selected = new(EstateMachineIdComparer.Instance);
    private EstateMachine? _open;
    // ?open=<vm id> (the Overview's links): the drawer opens once the snapshot holds that VM.
    private string? _openRequested;
    // Our own address writes not yet echoed back: two quick clicks write twice before the first echo arrives.
    private readonly List<string> _writtenQueries = [];
    private IJSObjectReference? _download;
    private MudDataGrid<EstateMachine>? _grid;

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    /// <summary>Virtualized rows (only the visible ones are in the DOM); tests turn it off to see every row.</summary>
    [Parameter] public bool Virtualize { get; set; } = true;

    private EstateSnapshot Snapshot { get; set; } = EstateSnapshot.Initial;

    private string GridClass => _dense ? "jd-machines-grid jd-dense" : "jd-machines-grid jd-comfortable";

    private const string GridHeight = "calc(100vh - 280px)";

    private MachinesFilter Filter { get; set; } = MachinesFilter.None;

    private string CountText
    {
        get
        {
            var total = Snapshot.Machines.Count;
            var noun = total == 1 ? "machine" : "machines";
            return Filter.IsEmpty ? $"{total} {noun}" : $"{_view.Count} of {total} {noun}";
        }
    }

    protected override void OnInitialized()
    {
        _path = CurrentPath();
        Snapshot = Estate.Snapshot;
        Filter = MachinesFilter.Parse(new Uri(Navigation.Uri).Query);
        _openRequested = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query).TryGetValue("open", out var open)
            && !string.IsNullOrWhiteSpace(open) ? open.ToString() : null;
        _open = FindRequested(Snapshot);
        _loadRows = LoadRows;
        Recompute();
        Estate.Changed += OnEstateChanged;
        Navigation.LocationChanged += OnLocationChanged;
    }

    // Service events and navigation come in on other threads: each is awaited on the renderer, and a failure reaches
    // the layout's error boundary (DispatchExceptionAsync) instead of being lost.
    private async void OnEstateChanged(EstateSnapshot snapshot)
    {
        try
        {
            await InvokeAsync(() => ShowSnapshot(snapshot));
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void ShowSnapshot(EstateSnapshot snapshot)
    {
        Snapshot = snapshot;
        // A new snapshot holds new instances: the open drawer follows its machine by id (the selection compares by id).
        var openId = _open?.Id;
        _open = openId is null ? FindRequested(snapshot) : snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, openId, StringComparison.OrdinalIgnoreCase));
        Recompute();
        StateHasChanged();
    }

    // Another page (or the back button) may link to a filtered view while this page is shown.
    private async void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        try
        {
            await InvokeAsync(() => FollowLocation(e.Location));
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void FollowLocation(string uri)
    {
        var location = new Uri(uri);
        if (!location.AbsolutePath.EndsWith("/machines", StringComparison.OrdinalIgnoreCase))
            return;
        // Our own write coming back: ignore it once, or typing ahead of it would be undone.
        var written = _writtenQueries.IndexOf(location.Query);
        if (written >= 0)
        {
            // An echo of our own write (possibly an older one): the filter already is at or past it.
            _writtenQueries.RemoveRange(0, written + 1);
            return;
        }
        var query = location.Query;
        var filter = MachinesFilter.Parse(query);
        if (filter == Filter)
            return;
        Filter = filter;
        Recompute();
        StateHasChanged();
    }

    // The view is filtered, then sorted here, once per change of the snapshot, the filter or the sort (never per
    // render: the grid's own sort is a no-op, see MachinesSort).
    private void Recompute()
    {
        _view = Sort.Apply(Filter.Apply(Snapshot.Machines));
        _rowsStale = true;
        if (!ReferenceEquals(_unknownScanned, Snapshot))
        {
            _anyUnknownJit = Snapshot.Machines.Any(m => m.Facts.JitStatus == JitStatus.Unknown);
            _unknownScanned = Snapshot;
        }
    }

    // Whether to offer the Unknown filter: scanned once per snapshot (never per render or filter).
    private bool _anyUnknownJit;
    private EstateSnapshot? _unknownScanned;

    private MachinesSort Sort { get; set; } = MachinesSort.None;

    private void SetFilter(MachinesFilter filter)
    {
        // A debounced search can fire after the user has left the page: writing the address then would undo that navigation.
        if (_disposed || filter == Filter || CurrentPath() != _path)
            return;
        Filter = filter;
        Recompute();
        // Reflect the filter in the address, replacing the entry so Back leaves the page rather than undoing a click.
        var query = filter.ToQueryString();
        _writtenQueries.Add(query);
        // Relative to the base address, so the app may live under a path prefix.
        Navigation.NavigateTo("machines" + query, replace: true);
        _path = CurrentPath();
    }

    private void ToggleExposed() => SetFilter(Filter with { ExposedOnly = !Filter.ExposedOnly });

    private void ToggleMissed() => SetFilter(Filter with { MissedByDefenderOnly = !Filter.MissedByDefenderOnly });

    private void ToggleJit(JitStatus status) => SetFilter(Filter with { Jit = Filter.Jit == status ? null : status });

    private void OnSubscriptionChanged(string? subscription) => SetFilter(Filter with { Subscription = subscription });

    private void OnOsChanged(string? os) => SetFilter(Filter with { Os = os });

    private void OnSearchChanged(string? search) => SetFilter(Filter with { Search = string.IsNullOrWhiteSpace(search) ? null : search });

    private void ClearFilters() => SetFilter(MachinesFilter.None);

    private static string Pressed(bool pressed) => pressed ? "true" : "false";

    private void OnSelectedItemsChanged(HashSet<EstateMachine> items) => _selected = items;

    // The rows on screen, out of the view (virtualized grid): a slice, never a copy of the view.
    private Task<GridData<EstateMachine>> LoadRows(GridStateVirtualize<EstateMachine> state, CancellationToken cancellationToken)
    {
        var view = _view;
        var start = Math.Clamp(state.StartIndex, 0, view.Count);
        var rows = new EstateMachine[Math.Clamp(state.Count, 0, view.Count - start)];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = view[start + i];
        return Task.FromResult(new GridData<EstateMachine> { Items = rows, TotalItems = view.Count });
    }

    // The view changed since the grid last asked for its rows.
    private bool _rowsStale;
    private Func<GridStateVirtualize<EstateMachine>, CancellationToken, Task<GridData<EstateMachine>>>? _loadRows;

    private async Task ReloadRowsIfStaleAsync()
    {
        if (!_rowsStale || !Virtualize || _grid is null)
            return;
        _rowsStale = false;
        await _grid.ReloadServerData();
    }

    // The header checkbox: every row of the view (not only the rows loaded), counted once per change of either.
    private bool? AllInViewSelected
    {
        get
        {
            if (_selected.Count == 0 || _view.Count == 0)
                return false;
            if (!ReferenceEquals(_countedView, _view) || !ReferenceEquals(_countedSelection, _selected))
            {
                var count = 0;
                foreach (var machine in _view)
                {
                    if (_selected.Contains(machine))
                        count++;
                }
                (_countedView, _countedSelection, _selectedInView) = (_view, _selected, count);
            }
            return _selectedInView == _view.Count ? true : _selectedInView == 0 ? false : null;
        }
    }

    private IReadOnlyList<EstateMachine>? _countedView;
    private HashSet<EstateMachine>? _countedSelection;
    private int _selectedInView;

    // Adds the whole view to the selection (rows selected outside it stay), or takes the view out of it.
    private void SelectAllInView(bool? value)
    {
        var selection = new HashSet<EstateMachine>(_selected, EstateMachineIdComparer.Instance);
        if (value == true)
            selection.UnionWith(_view);
        else
            selection.ExceptWith(_view);
        _selected = selection;
    }

    // From the selection alone (not a scan of the snapshot), once per selection: the bar renders with every click,
    // and 100,000 selected ids are a list on the large-object heap.
    private IReadOnlyList<string> SelectedIds
    {
        get
        {
            if (!ReferenceEquals(_idsOf, _selected))
                (_idsOf, _selectedIds) = (_selected, _selected.Select(m => m.Id).ToList());
            return _selectedIds;
        }
    }

    private HashSet<EstateMachine>? _idsOf;
    private IReadOnlyList<string> _selectedIds = [];

    private void ClearSelection() => _selected = new(EstateMachineIdComparer.Instance);

    private void OpenDrawer(EstateMachine machine) => _open = machine;

    private EstateMachine? FindRequested(EstateSnapshot snapshot)
    {
        if (_openRequested is null)
            return null;
        var found = snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, _openRequested, StringComparison.OrdinalIgnoreCase));
        if (found is not null)
            _openRequested = null;
        return found;
    }

    private void CloseDrawer() => _open = null;

    private ManagementPortsControl? ControlFor(EstateMachine? machine)
        => machine is not null && Snapshot.Controls.TryGetValue(machine.SubscriptionId, out var control) ? control : null;

    private Task ExportViewAsync() => ExportAsync(_view);

    // The current instances of the selected machines, in the snapshot's order.
    private Task ExportSelectedAsync() => ExportAsync(Snapshot.Machines.Where(_selected.Contains).ToList());

    private async Task ExportAsync(IReadOnlyList<EstateMachine> machines)
    {
        var csv = MachinesCsv.Write(machines);
        _download ??= await JS.InvokeAsync<IJSObjectReference>("import", DownloadModule);
        await _download.InvokeVoidAsync("downloadText", MachinesCsv.FileName(DateTimeOffset.UtcNow), MachinesCsv.MimeType, csv);
    }

    private Task RetryAsync() => Estate.RefreshAsync();

    internal static string PublicIps(EstateMachine machine)
    {
        var nics = machine.Facts.Nics;
        string? first = null;
        var count = 0;
        foreach (var nic in nics)
        {
            if (nic.PublicIpAddress is null || nic.PublicIpAddress == first)
                continue;
            first ??= nic.PublicIpAddress;
            count++;
        }
        return first is null ? "—" : count > 1 ? $"{first} +{count - 1}" : first;
    }

    internal static int ExposureRank(EstateMachine machine)
    {
        var rank = 0;
        foreach (var port in machine.Facts.Ports)
            rank = Math.Max(rank, (int)port.Exposure);
        return rank;
    }

    internal static string ImpactText(double? impact) => impact switch
    {
        // Narrow like the column; the cell's title and the drawer say why it is unknown.
        null => "?",
        <= 0 => "—",
        _ => "+" + impact.Value.ToString("0.00", CultureInfo.InvariantCulture),
    };

    internal static Color PowerStateColor(string powerState) => powerState.ToLowerInvariant() switch
    {
        "running" => Color.Success,
        "deallocated" or "stopped" => Color.Default,
        "starting" or "stopping" or "deallocating" => Color.Warning,
        _ => Color.Dark,
    };

    internal static string PowerStateText(string powerState) => string.IsNullOrEmpty(powerState) ? "unknown" : powerState;

    private bool _disposed;

    // The address this page last showed: a change of path means the user has gone elsewhere.
    private string _path = "";

    private string CurrentPath() => new Uri(Navigation.Uri).AbsolutePath;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Estate.Changed -= OnEstateChanged;
        Navigation.LocationChanged -= OnLocationChanged;
        await DisposeModuleAsync(_download);
        await DisposeModuleAsync(_prefs);
    }

    private static async Task DisposeModuleAsync(IJSObjectReference? module)
    {
        if (module is null)
            return;
        try
        {
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; so is the module.
        }
    }
}
