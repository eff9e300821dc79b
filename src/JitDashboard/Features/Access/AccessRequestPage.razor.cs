using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace JitDashboard.Features.Access;

/// <summary>
/// <c>/access/requests/{id}</c>: one access request with what an approver needs to decide it (requester, VM, ports,
/// source, duration, justification, the requester's recent requests) and Approve / Deny. Built for a phone: the link
/// in a Teams or Slack notification opens it, one tap decides.
/// </summary>
public sealed partial class AccessRequestPage : IDisposable
{
    /// <summary>The page's path for a request: the deep link notifications carry (made absolute with Notifications:PublicBaseUrl).</summary>
    public static string LinkFor(Guid id) => "/access/requests/" + id.ToString("D");

    /// <summary>How many of the requester's earlier requests the page lists.</summary>
    internal const int HistoryLength = 5;

    private AccessRequestView? _request;
    private IReadOnlyList<AccessRequestView> _history = [];
    private AccessActor? _actor;
    private bool _loading = true;
    private bool _deciding;
    private string? _comment;
    private string? _error;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IAccessService Access { get; init; }

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    private IReadOnlyList<AccessRequestView> History => _history;

    private EstateMachine? Machine => _request is null ? null
        : Estate.Snapshot.Machines.FirstOrDefault(m => string.Equals(m.Id, _request.MachineId, StringComparison.OrdinalIgnoreCase));

    private bool IsOwn => _request is not null && _actor is not null && string.Equals(_request.RequestedBy, _actor.Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Four-eyes, as the service enforces it: an Approver or Admin, on someone else's pending request.</summary>
    private bool CanDecide => _request is { Status: AccessRequestStatus.Pending } && _actor?.CanApprove == true && !IsOwn;

    private string CannotDecideText => IsOwn
        ? "This is your own request: another approver decides it."
        : "Only an Approver or an Admin can decide access requests.";

    private string PageTitleText => _request is { } r ? $"{r.RequestedBy} on {r.MachineName}" : "Access request";

    private string ExposureText
    {
        get
        {
            if (Machine is not { } m) return "not in the current estate snapshot";
            var ports = m.Facts.Ports.Where(p => p.Exposure != PortExposure.Closed).Select(p => $"{p.Port} {p.Exposure.ToString().ToLowerInvariant()}").ToList();
            return ports.Count == 0 ? "no management port reachable from the Internet" : string.Join(", ", ports);
        }
    }

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null) _actor = AccessApi.ActorOf((await AuthenticationState).User);
        Access.Changed += OnChanged;
    }

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _request = await Access.GetAsync(Id);
        if (_request is { } r)
        {
            var all = await Access.ListAsync();
            _history = all
                .Where(h => h.Id != r.Id && string.Equals(h.RequestedBy, r.RequestedBy, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(h => h.CreatedAt)
                .Take(HistoryLength)
                .ToList();
        }
        _loading = false;
    }

    // Another approver may decide first: the page follows.
    private void OnChanged(AccessRequestView view)
    {
        if (view.Id != Id) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task DecideAsync(bool approve)
    {
        if (_actor is null || _request is null || _deciding) return;
        _deciding = true;
        try
        {
            var result = approve ? await Access.ApproveAsync(_request.Id, _actor, _comment) : await Access.DenyAsync(_request.Id, _actor, _comment);
            _error = null;
            switch (result.Outcome)
            {
                case AccessActionOutcome.Done:
                    Snackbar.Add(approve ? $"Approved: {_request.RequestedBy} on {_request.MachineName}." : $"Denied: {_request.RequestedBy} on {_request.MachineName}.",
                        approve ? Severity.Success : Severity.Info);
                    _comment = null;
                    break;
                case AccessActionOutcome.Invalid:
                    _error = result.Message ?? "Invalid comment.";
                    break;
                default:
                    Snackbar.Add(result.Message ?? "Not done.", Severity.Warning);
                    break;
            }
            await LoadAsync();
        }
        finally
        {
            _deciding = false;
        }
    }

    private static string PortsText(AccessRequestView r) => r.Ports.Count == 1 ? $"port {r.Ports[0]}" : $"ports {string.Join(", ", r.Ports)}";

    private static string StatusClass(AccessRequestStatus s) => s switch
    {
        AccessRequestStatus.Active or AccessRequestStatus.Approved => "jd-access-status jd-allow",
        AccessRequestStatus.Denied or AccessRequestStatus.Failed => "jd-access-status jd-deny",
        _ => "jd-access-status",
    };

    public void Dispose() => Access.Changed -= OnChanged;
}
