using System.Globalization;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Access;

/// <summary>My requests, the approval queue (Approver/Admin) and active grants with a live countdown.</summary>
public sealed partial class AccessPage : IAsyncDisposable
{
    private IReadOnlyList<AccessRequestView>? _requests;
    private AccessActor? _actor;
    private readonly Dictionary<Guid, string?> _comments = [];
    private readonly Dictionary<Guid, string> _decisionErrors = [];
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _tick;
    private Task? _ticking;
    private int _reloadEvery;

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IAccessService Access { get; init; }

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    private List<AccessRequestView> Active => (_requests ?? []).Where(r => r.Status == AccessRequestStatus.Active).OrderBy(r => r.EndsAt).ToList();

    /// <summary>Pending requests of others: nobody decides their own.</summary>
    private List<AccessRequestView> Queue => (_requests ?? []).Where(r => r.Status == AccessRequestStatus.Pending && !IsMine(r)).OrderBy(r => r.CreatedAt).ToList();

    private List<AccessRequestView> Mine => (_requests ?? []).Where(IsMine).ToList();

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null) _actor = AccessApi.ActorOf((await AuthenticationState).User);
        Access.Changed += OnChanged;
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        // One tick a second moves the countdowns; every fifth tick also re-reads (the worker may run in another instance).
        _tick = new PeriodicTimer(TimeSpan.FromSeconds(1));
        _ticking = TickAsync(_tick, _stop.Token);
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (++_reloadEvery % 5 == 0) await InvokeAsync(ReloadAsync);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private void OnChanged(AccessRequestView view) => _ = InvokeAsync(async () =>
    {
        await ReloadAsync();
        StateHasChanged();
    });

    private async Task ReloadAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _requests = await Access.ListAsync(null, _stop.Token);
    }

    private bool IsMine(AccessRequestView r) => _actor is not null && string.Equals(r.RequestedBy, _actor.Name, StringComparison.OrdinalIgnoreCase);

    private string? CommentOf(Guid id) => _comments.GetValueOrDefault(id);

    private EstateMachine? Machine(string id) => Estate.Snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    private bool _dialogOpen;

    private async Task OpenRequestAsync(AccessRequestView? extend)
    {
        // A double click (or a click repeated while the circuit is slow) must not stack two dialogs.
        if (_dialogOpen) return;
        _dialogOpen = true;
        try
        {
            await ShowRequestDialogAsync(extend);
        }
        finally
        {
            _dialogOpen = false;
        }
    }

    private async Task ShowRequestDialogAsync(AccessRequestView? extend)
    {
        var parameters = new DialogParameters<AccessRequestDialog> { { d => d.Extends, extend } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await Dialogs.ShowAsync<AccessRequestDialog>(extend is null ? "Request access" : "Extend access", parameters, options);
        var result = await dialog.Result;
        if (result is { Canceled: false }) await ReloadAsync();
    }

    private async Task DecideAsync(AccessRequestView r, bool approve)
    {
        if (_actor is null) return;
        var comment = CommentOf(r.Id);
        var result = approve ? await Access.ApproveAsync(r.Id, _actor, comment) : await Access.DenyAsync(r.Id, _actor, comment);
        _decisionErrors.Remove(r.Id);
        switch (result.Outcome)
        {
            case AccessActionOutcome.Done:
                Snackbar.Add(approve ? $"Approved: {r.RequestedBy} on {r.MachineName}." : $"Denied: {r.RequestedBy} on {r.MachineName}.", approve ? Severity.Success : Severity.Info);
                _comments.Remove(r.Id);
                break;
            case AccessActionOutcome.Invalid:
                _decisionErrors[r.Id] = result.Message ?? "Invalid comment.";
                break;
            default:
                Snackbar.Add(result.Message ?? "Not done.", Severity.Warning);
                break;
        }
        await ReloadAsync();
    }

    private async Task CancelAsync(AccessRequestView r)
    {
        if (_actor is null) return;
        var result = await Access.CancelAsync(r.Id, _actor, null);
        if (result.Outcome != AccessActionOutcome.Done) Snackbar.Add(result.Message ?? "Not cancelled.", Severity.Warning);
        await ReloadAsync();
    }

    private async Task CloseAsync(AccessRequestView r)
    {
        if (_actor is null) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Close access now?", $"Port {string.Join(", ", r.Ports)} on {r.MachineName} closes for {r.SourceAddressPrefix} at once.", yesText: "Close now", cancelText: "Keep open");
        if (confirmed != true) return;
        var result = await Access.CloseAsync(r.Id, _actor, null);
        Snackbar.Add(result.Outcome == AccessActionOutcome.Done ? "Access closed." : result.Message ?? "Not closed.", result.Outcome == AccessActionOutcome.Done ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    private string Countdown(AccessRequestView r)
    {
        if (r.EndsAt is not { } end) return "—";
        var left = end - Time.GetUtcNow();
        if (left <= TimeSpan.Zero) return "ending…";
        return left.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{left.Minutes:00}:{left.Seconds:00}");
    }

    internal static string Utc(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    private static string PortsText(AccessRequestView r) => r.Ports.Count == 1 ? $"port {r.Ports[0]}" : $"ports {string.Join(", ", r.Ports)}";

    internal static string StatusText(AccessRequestStatus s) => s == AccessRequestStatus.TimedOut ? "Expired unanswered" : s.ToString();

    private static string StatusClass(AccessRequestStatus s) => s switch
    {
        AccessRequestStatus.Active => "jd-access-status jd-allow",
        AccessRequestStatus.Denied or AccessRequestStatus.Failed => "jd-access-status jd-deny",
        _ => "jd-access-status",
    };

    private static string ExposureText(EstateMachine? m)
    {
        if (m is null) return "not in the current estate snapshot";
        var ports = m.Facts.Ports.Where(p => p.Exposure != PortExposure.Closed).Select(p => $"{p.Port} {p.Exposure.ToString().ToLowerInvariant()}").ToList();
        return ports.Count == 0 ? "no management port reachable from the Internet" : string.Join(", ", ports);
    }

    private static string RecentText(EstateMachine? m)
    {
        var recent = m?.Facts.JitRequests.OrderByDescending(r => r.StartTimeUtc).Take(3).ToList() ?? [];
        return recent.Count == 0 ? "none recorded"
            : string.Join("; ", recent.Select(r => $"{Utc(r.StartTimeUtc)} ports {string.Join(", ", r.Ports.Select(p => p.Number))}{(string.IsNullOrEmpty(r.Requestor) ? "" : $" by {r.Requestor}")}"));
    }

    public async ValueTask DisposeAsync()
    {
        Access.Changed -= OnChanged;
        await _stop.CancelAsync();
        _tick?.Dispose();
        if (_ticking is not null) await _ticking;
        _stop.Dispose();
    }
}
