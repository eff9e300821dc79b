using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The page's remembered preferences: hidden columns, density and sort, kept by the browser (localStorage through
/// prefs.js) so they outlive the circuit and a reload. The keys carry a hash of the signed-in user (the issue asks for
/// "remembered per user"; a shared browser must not hand one operator's choices to the next).
/// </summary>
public sealed partial class MachinesPage
{
    private const string PrefsModule = "./assets/js/prefs.js";
    private const string HiddenColumnsName = "hiddenColumns";
    private const string SortName = "sort";
    private const string DenseName = "dense";
    private string _userHash = AnonymousUser;
    private const string AnonymousUser = "anonymous";

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    private string HiddenColumnsKey => PreferenceKey(_userHash, HiddenColumnsName);
    private string SortKey => PreferenceKey(_userHash, SortName);
    private string DenseKey => PreferenceKey(_userHash, DenseName);

    /// <summary>The localStorage key of one preference for one user: <c>jd.machines.{userHash}.{name}</c>.</summary>
    internal static string PreferenceKey(string userHash, string name) => $"jd.machines.{userHash}.{name}";

    /// <summary>
    /// A short, stable hash of who is signed in (the object id, else the subject, else the sign-in name), so the key
    /// names no one in clear text; "anonymous" without a user.
    /// </summary>
    internal static string UserHash(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
            return AnonymousUser;
        var id = user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier")
            ?? user.FindFirstValue("oid") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
        if (string.IsNullOrEmpty(id))
            id = Actor.From(user);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
    private readonly HashSet<string> _hiddenColumns = new(StringComparer.Ordinal);
    private IJSObjectReference? _prefs;
    private bool _dense = true;
    // While a remembered sort is put back, the grid's own change events must not save a half-restored state.
    private bool _restoringSort;

    private bool IsHidden(string column) => _hiddenColumns.Contains(column);

    private async Task ToggleColumn(string column)
    {
        if (!_hiddenColumns.Remove(column))
            _hiddenColumns.Add(column);
        await SavePrefAsync(HiddenColumnsKey, _hiddenColumns.Order(StringComparer.Ordinal).ToArray());
    }

    private async Task ToggleDensityAsync()
    {
        _dense = !_dense;
        await SavePrefAsync(DenseKey, _dense);
    }

    // Preferences are a convenience: a page being left (the grid reports its sort as it goes), a closed circuit or
    // full storage must never fail the page.
    private async Task SavePrefAsync(string key, object value)
    {
        if (_disposed || _prefs is null)
            return;
        try
        {
            await _prefs.InvokeVoidAsync("setJson", key, value);
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or ObjectDisposedException or TaskCanceledException)
        {
        }
    }

    // The grid reports its headers' sort; the page sorts the rows itself (MachinesSort) and remembers it.
    private async Task OnSortChangedAsync(Dictionary<string, SortDefinition<EstateMachine>> definitions)
    {
        // While a remembered sort is put back the page already sorts by all of it (RestoreSortAsync); the grid's
        // reports of each column as it is added would sort by a part of it, and the rows again.
        if (_disposed || _grid is null || _restoringSort)
            return;
        var keys = new List<MachinesSortKey>();
        foreach (var definition in definitions.Values.OrderBy(d => d.Index))
        {
            var column = _grid.RenderedColumns.FirstOrDefault(c => c.PropertyName == definition.SortBy);
            if (column?.Title is { } title && MachinesColumns.KeyByTitle.TryGetValue(title, out var key))
                keys.Add(new MachinesSortKey(key, definition.Descending));
        }
        Sort = new MachinesSort(keys);
        Recompute();
        // Saved after the render: the grid reads the new rows only once this handler returns, and a round trip to
        // the browser's storage first would delay every sort click by it.
        _sortToSave = keys;
    }

    private List<MachinesSortKey>? _sortToSave;

    // The column choice, density and sort are remembered by the browser (localStorage), so they outlive the circuit
    // and a reload.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed)
            return;
        // The grid asks for its first rows itself; after that, each new view is handed to it here.
        if (firstRender)
            _rowsStale = false;
        else
            await ReloadRowsIfStaleAsync();
        if (!firstRender && _sortToSave is { } sortToSave)
        {
            _sortToSave = null;
            await SavePrefAsync(SortKey, sortToSave);
        }
        if (!firstRender)
        {
            // The grid may still reset its sort while it initialises: put the remembered one back (a few times at most).
            if (_grid is not null && _restoreAttempts < 3 && _restoredSort is { Length: > 0 } restored && _grid.SortDefinitions.Count == 0)
            {
                _restoreAttempts++;
                _savedSort = restored;
            }
            if (_savedSort is not null && _grid is not null)
                await RestoreSortAsync();
            return;
        }
        try
        {
            if (AuthenticationState is not null)
                _userHash = UserHash((await AuthenticationState).User);
            _prefs = await JS.InvokeAsync<IJSObjectReference>("import", PrefsModule);
            if (_prefs is null)
                return;
            var changed = false;
            var hidden = await _prefs.InvokeAsync<string[]?>("getJson", HiddenColumnsKey);
            if (hidden is { Length: > 0 })
            {
                var known = MachinesColumns.Hideable.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
                _hiddenColumns.UnionWith(hidden.Where(known.Contains));
                changed = true;
            }
            if (await _prefs.InvokeAsync<bool?>("getJson", DenseKey) is { } dense && dense != _dense)
            {
                _dense = dense;
                changed = true;
            }
            if (changed)
                StateHasChanged();
            _savedSort = await _prefs.InvokeAsync<MachinesSortKey[]?>("getJson", SortKey);
            await RestoreSortAsync();
        }
        catch (Exception e) when (e is JSException or JSDisconnectedException or ObjectDisposedException or TaskCanceledException)
        {
            // Preferences are a convenience: without them every column shows, compact, unsorted.
        }
    }

    private MachinesSortKey[]? _savedSort;
    private MachinesSortKey[]? _restoredSort;
    private int _restoreAttempts;

    // The grid exists once the estate has loaded: the sort goes back the first time it does.
    private async Task RestoreSortAsync()
    {
        if (_savedSort is not { Length: > 0 } saved || _grid is null || _disposed)
            return;
        _savedSort = null;
        _restoredSort = saved;
        _restoringSort = true;
        // The rows follow at once: the grid reports a sort only once it has rendered.
        Sort = new MachinesSort(saved);
        Recompute();
        try
        {
            var first = true;
            foreach (var entry in Sort.Keys)
            {
                var title = MachinesColumns.KeyByTitle.FirstOrDefault(p => p.Value == entry.Column).Key;
                var column = title is null ? null : _grid.RenderedColumns.FirstOrDefault(c => c.Title == title);
                if (column?.PropertyName is not { } field)
                    continue;
                var direction = entry.Descending ? SortDirection.Descending : SortDirection.Ascending;
                // The first replaces whatever the grid had; the others are added after it, as a Ctrl+click does.
                if (first)
                    await _grid.SetSortAsync(field, direction, MachinesSort.GridKey, MachinesSort.GridComparer);
                else
                    await _grid.ExtendSortAsync(field, direction, MachinesSort.GridKey, MachinesSort.GridComparer);
                first = false;
            }
        }
        finally
        {
            _restoringSort = false;
        }
    }
}
