using System.Globalization;
using JitDashboard.Features.Access;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace JitDashboard.Features.Posture;

/// <summary>
/// The landing page: secure score, the Secure management ports control, machine counts, access, top VMs by impact,
/// the trend and a what-if. Live: redrawn on every estate snapshot and every stored trend point.
/// </summary>
public sealed partial class OverviewPage : IDisposable
{
    public static readonly int[] TrendDays = [7, 30, 90];

    private PostureFigures _figures = PostureFigures.Empty;
    private AccessSummary? _access;
    private IReadOnlyList<PostureSnapshot> _history = [];
    private int _days = 30;
    private bool _wall;
    private bool _canOperate;
    private bool _disposed;

    // What-if: a selection of VMs, or every exposed VM.
    private bool _whatIfAll = true;
    private IReadOnlyCollection<string> _whatIfIds = [];
    private WhatIfResult? _whatIf;

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required IAccessSummary AccessSummary { get; init; }

    [Inject] public required IPostureHistory History { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private EstateSnapshot Snapshot { get; set; } = EstateSnapshot.Initial;

    /// <summary>The VMs a what-if can pick from: those whose remediation would change the control, by impact.</summary>
    private IReadOnlyList<EstateMachine> Candidates { get; set; } = [];

    protected override async Task OnInitializedAsync()
    {
        Snapshot = Estate.Snapshot;
        ReadQuery(Navigation.Uri);
        Recompute();
        Estate.Changed += OnEstateChanged;
        History.Recorded += OnRecorded;
        Navigation.LocationChanged += OnLocationChanged;
        if (AuthenticationState is not null)
            _canOperate = UserRoles.Satisfies((await AuthenticationState).User, AppPolicies.Operate);
        await Task.WhenAll(LoadAccessAsync(), LoadHistoryAsync());
    }

    private void ReadQuery(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri).Query);
        _wall = query.TryGetValue("wall", out var wall) && (wall == "1" || string.Equals(wall, "true", StringComparison.OrdinalIgnoreCase));
        if (query.TryGetValue("days", out var days) && int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && TrendDays.Contains(d))
            _days = d;
    }

    private void Recompute()
    {
        _figures = PostureCalculator.Calculate(Snapshot);
        Candidates = Snapshot.Machines.Where(m => m.Facts.UnhealthyInControl || m.Facts.Exposed)
            .OrderByDescending(m => m.Facts.SecureScoreImpact).ThenBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
        // A selected VM that left the estate drops out of the selection.
        var known = new HashSet<string>(Snapshot.Machines.Select(m => m.Id), StringComparer.OrdinalIgnoreCase);
        _whatIfIds = _whatIfIds.Where(known.Contains).ToList();
        _whatIf = Snapshot.HasLoaded ? PostureCalculator.WhatIf(Snapshot, WhatIfSelection) : null;
    }

    private IEnumerable<string> WhatIfSelection => _whatIfAll ? PostureCalculator.AllExposed(Snapshot.Machines) : _whatIfIds;

    private async Task LoadAccessAsync()
    {
        try
        {
            _access = await AccessSummary.GetSummaryAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The access counts are one card among many: the rest of the page still shows.
            _access = null;
        }
    }

    private async Task LoadHistoryAsync()
    {
        try
        {
            _history = await History.ListAsync(_days);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _history = [];
        }
    }

    private void OnEstateChanged(EstateSnapshot snapshot) => _ = InvokeAsync(async () =>
    {
        if (_disposed) return;
        Snapshot = snapshot;
        Recompute();
        StateHasChanged();
        await LoadAccessAsync();
        StateHasChanged();
    });

    private void OnRecorded() => _ = InvokeAsync(async () =>
    {
        if (_disposed) return;
        await LoadHistoryAsync();
        StateHasChanged();
    });

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(async () =>
    {
        var path = Navigation.ToBaseRelativePath(e.Location);
        if (_disposed || !(path.Length == 0 || path.StartsWith('?'))) return;
        var days = _days;
        ReadQuery(e.Location);
        if (days != _days)
            await LoadHistoryAsync();
        StateHasChanged();
    });

    private async Task SetDaysAsync(int days)
    {
        _days = days;
        await LoadHistoryAsync();
    }

    private void ToggleWall() => Navigation.NavigateTo(_wall ? "./" : "./?wall=1", replace: false);

    private void OnWhatIfAllChanged(bool all)
    {
        _whatIfAll = all;
        Recompute();
    }

    private void OnWhatIfSelectionChanged(IEnumerable<string>? ids)
    {
        _whatIfIds = ids?.ToList() ?? [];
        Recompute();
    }

    private async Task ApplyJitAsync(string machineId)
    {
        var parameters = new DialogParameters<JitChangeDialog>
        {
            { d => d.Kind, JitOperationKind.Apply },
            { d => d.MachineIds, new List<string> { machineId } },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        await Dialogs.ShowAsync<JitChangeDialog>("Apply JIT", parameters, options);
    }

    private string MachineName(string id) => Snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase))?.Name ?? id;

    // ---------------------------------------------------------------- formatting and links

    internal static string Points(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    internal static string MachinesLink(MachinesFilter filter) => "machines" + filter.ToQueryString();

    /// <summary>The Machines page filtered to the VM, with its drawer open.</summary>
    internal static string MachineLink(ImpactMachine machine) =>
        "machines" + new MachinesFilter(Subscription: machine.SubscriptionId, Search: machine.Name).ToQueryString() + "&open=" + Uri.EscapeDataString(machine.Id);

    private static string StatusText(JitStatus status) => status switch
    {
        JitStatus.Configured => "Configured",
        JitStatus.NotConfigured => "Not configured",
        _ => "Unsupported",
    };

    // ---------------------------------------------------------------- charts

    /// <summary>At most this many points per line (90 days of hourly points would be 2,160): every k-th, always the last.</summary>
    internal const int MaxChartPoints = 120;

    private IReadOnlyList<PostureSnapshot> ChartPoints
    {
        get
        {
            if (_history.Count <= MaxChartPoints)
                return _history;
            var step = (int)Math.Ceiling((double)_history.Count / MaxChartPoints);
            var points = _history.Where((_, i) => i % step == 0).ToList();
            if (!ReferenceEquals(points[^1], _history[^1]))
                points.Add(_history[^1]);
            return points;
        }
    }

    // Markers make a single point visible; with many points they would only clutter the line.
    private LineChartOptions LineOptions => new() { ShowDataMarkers = ChartPoints.Count <= 30, YAxisRequireZeroPoint = true };

    /// <summary>About eight labels along the axis; the others stay empty so they do not overlap.</summary>
    private string[] ChartLabels
    {
        get
        {
            var points = ChartPoints;
            var every = Math.Max(1, (int)Math.Ceiling(points.Count / 8.0));
            return points.Select((p, i) => i % every == 0 || i == points.Count - 1
                ? p.TakenAt.ToLocalTime().ToString(_days <= 7 ? "ddd HH:mm" : "dd MMM", CultureInfo.InvariantCulture)
                : "").ToArray();
        }
    }

    private List<ChartSeries<double>> ExposedSeries =>
    [
        new() { Name = "Exposed (Open)", Data = new ChartData<double>(ChartPoints.Select(p => (double)p.Exposed).ToArray()) },
        new() { Name = "Restricted", Data = new ChartData<double>(ChartPoints.Select(p => (double)p.Restricted).ToArray()) },
    ];

    private List<ChartSeries<double>> CoverageSeries =>
    [
        new() { Name = "JIT coverage (%)", Data = new ChartData<double>(ChartPoints.Select(p => Math.Round(p.JitCoverage * 100, 1)).ToArray()) },
    ];

    private List<ChartSeries<double>> ControlSeries =>
    [
        new() { Name = "Secure management ports (points)", Data = new ChartData<double>(ChartPoints.Select(p => p.ControlCurrent).ToArray()) },
    ];

    public void Dispose()
    {
        _disposed = true;
        Estate.Changed -= OnEstateChanged;
        History.Recorded -= OnRecorded;
        Navigation.LocationChanged -= OnLocationChanged;
    }
}
