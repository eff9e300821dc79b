using System.Globalization;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace JitDashboard.Features.Access;

/// <summary>Files an access request: ports from the VM's JIT policy, a duration preset or typed, the detected (editable) address.</summary>
public sealed partial class AccessRequestDialog
{
    private List<EstateMachine> _machines = [];
    private string? _machineId;
    private JitVirtualMachine? _policy;
    private string? _policyError;
    private bool _loadingPolicy;
    private readonly HashSet<int> _ports = [];
    private string? _duration = "PT1H";
    private string? _source;
    private string? _justification;
    private string? _ticket;
    private string? _start;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    [CascadingParameter] public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IAccessService Access { get; init; }

    [Inject] public required IEstateService Estate { get; init; }

    [Inject] public required ClientAddress ClientAddress { get; init; }

    [Inject] public required IOptions<AccessOptions> Options { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required TimeProvider Time { get; init; }

    /// <summary>The VM, fixed (from the Machines page); null to choose one.</summary>
    [Parameter] public string? MachineId { get; set; }

    /// <summary>Extend: the grant being extended (ports, address and VM are taken from it).</summary>
    [Parameter] public AccessRequestView? Extends { get; set; }

    private IEnumerable<string> Presets => Options.Value.Presets;

    private string SourceHelp => ClientAddress.Address is { } a ? $"Detected from your connection: {a}. Type another IP or CIDR the policy allows." : "Your address could not be detected: type it.";

    protected override async Task OnInitializedAsync()
    {
        _machines = Estate.Snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured).OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();
        _source = Extends?.SourceAddressPrefix ?? ClientAddress.Address;
        if (Extends is { } e)
        {
            _ports.UnionWith(e.Ports);
            _duration = e.Duration;
            _ticket = e.Ticket;
        }
        var initial = Extends?.MachineId ?? MachineId;
        if (initial is not null)
        {
            // A VM not Configured in the snapshot is still shown, so that validation can say why it cannot be requested.
            if (!_machines.Any(m => m.Id == initial) && Estate.Snapshot.Machines.FirstOrDefault(m => m.Id == initial) is { } other) _machines.Insert(0, other);
            await OnMachineChangedAsync(initial);
        }
    }

    private async Task OnMachineChangedAsync(string? id)
    {
        _machineId = id;
        _policy = null;
        _policyError = null;
        if (id is null) return;
        _loadingPolicy = true;
        try
        {
            _policy = await Access.GetPolicyEntryAsync(id);
            if (_policy is null) _policyError = "This virtual machine has no just-in-time policy: apply JIT to it first.";
            else if (_ports.Count == 0 && _policy.Ports.Count > 0) _ports.Add(_policy.Ports.Any(p => p.Number == 22) ? 22 : _policy.Ports[0].Number);
            else _ports.IntersectWith(_policy.Ports.Select(p => p.Number));
        }
        catch (JitDashboard.Platform.Arm.ArmRequestException ex)
        {
            _policyError = $"The JIT policy could not be read: {ex.Message}";
        }
        finally
        {
            _loadingPolicy = false;
        }
    }

    private void TogglePort(int port, bool on)
    {
        if (on) _ports.Add(port);
        else _ports.Remove(port);
    }

    private static string PortLabel(JitPortRule p)
    {
        var name = p.Number switch { 22 => " (SSH)", 3389 => " (RDP)", 5985 or 5986 => " (WinRM)", _ => "" };
        var max = AccessRequestValidator.TryParseDuration(p.MaxRequestAccessDuration, out var m) ? AccessRequestValidator.Describe(m) : p.MaxRequestAccessDuration;
        return $"{p.Number}{name}, at most {max}";
    }

    /// <summary>The current UTC time, or the chosen start in UTC and how far from now it is, so a local-time slip shows.</summary>
    private string StartHelp
    {
        get
        {
            var now = Time.GetUtcNow();
            if (string.IsNullOrWhiteSpace(_start) || !TryParseStart(_start, out var start))
                return string.Create(CultureInfo.InvariantCulture, $"It is now {now:yyyy-MM-dd HH:mm} UTC. Leave empty to start on approval.");
            var away = TimeSpan.FromMinutes(Math.Round(Math.Abs((start - now).TotalMinutes)));
            var when = start >= now ? $"{AccessRequestValidator.Describe(away)} from now" : $"{AccessRequestValidator.Describe(away)} ago";
            return string.Create(CultureInfo.InvariantCulture, $"Starts {start:yyyy-MM-dd HH:mm} UTC, {when} (it is now {now:HH:mm} UTC).");
        }
    }

    private static bool TryParseStart(string text, out DateTimeOffset start)
    {
        var ok = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed);
        start = ok ? new DateTimeOffset(parsed, TimeSpan.Zero) : default;
        return ok;
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorText(string field) => _errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;

    private void Cancel() => Dialog?.Cancel();

    private async Task SubmitAsync()
    {
        if (AuthenticationState is null) return;
        _saving = true;
        try
        {
            var user = (await AuthenticationState).User;
            DateTimeOffset? start = null;
            if (!string.IsNullOrWhiteSpace(_start))
            {
                if (!TryParseStart(_start, out var parsed))
                {
                    _errors = new Dictionary<string, string[]> { ["startTime"] = ["Give a date and time (UTC)."] };
                    return;
                }
                start = parsed;
            }
            var input = new AccessRequestInput(_machineId, _ports.Order().ToList(), _duration, _source, _justification, _ticket, start);
            var result = await Access.CreateAsync(input, AccessApi.ActorOf(user), ClientAddress.Address);
            if (result.Request is { } created)
            {
                Snackbar.Add(created.Status == AccessRequestStatus.Pending ? "Request filed; an approver will decide it." : $"Request {created.Status.ToString().ToLowerInvariant()}.", Severity.Success);
                Dialog?.Close(DialogResult.Ok(created));
            }
            else
            {
                _errors = result.Errors;
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
