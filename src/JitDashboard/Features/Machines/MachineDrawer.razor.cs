using JitDashboard.Platform.Estate;
using System.Globalization;
using System.Xml;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace JitDashboard.Features.Machines;

/// <summary>One VM in detail: network, each port's decision path, JIT policy and requests, recommendations.</summary>
public sealed partial class MachineDrawer
{
    private ElementReference _body;
    private string? _focusedId;

    /// <summary>The machine shown; null keeps the drawer closed.</summary>
    [Parameter] public EstateMachine? Machine { get; set; }

    /// <summary>The machine's subscription's "Secure management ports" control, when known.</summary>
    [Parameter] public ManagementPortsControl? Control { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    [CascadingParameter] public Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? AuthenticationState { get; set; }

    [Inject] public required IMachineVerifier Verifier { get; init; }

    private bool _canOperate;
    private bool _verifying;
    private MachineVerification? _verification;
    private string? _verifyError;

    protected override async Task OnParametersSetAsync()
    {
        _canOperate = AuthenticationState is not null
            && JitDashboard.Platform.Identity.UserRoles.Satisfies((await AuthenticationState).User, JitDashboard.Platform.Identity.AppPolicies.Operate);
    }

    /// <summary>Verify with Azure: Operator only (checked here and by the service's API policy), audited by the verifier.</summary>
    private async Task VerifyAsync()
    {
        if (Machine is not { } machine || !_canOperate || AuthenticationState is null) return;
        _verifying = true;
        _verifyError = null;
        try
        {
            var user = (await AuthenticationState).User;
            _verification = await Verifier.VerifyAsync(machine, JitDashboard.Platform.Identity.Actor.From(user));
        }
        catch (JitDashboard.Platform.Arm.ArmRequestException ex)
        {
            _verifyError = $"Azure could not be asked: {ex.Failure.Describe()}";
        }
        finally
        {
            _verifying = false;
        }
    }

    internal static string KindText(JitDashboard.Platform.Estate.Exposure.PathKind kind) => kind switch
    {
        JitDashboard.Platform.Estate.Exposure.PathKind.LoadBalancerNat => "Load balancer NAT rule:",
        JitDashboard.Platform.Estate.Exposure.PathKind.LoadBalancerRule => "Load-balancing rule:",
        JitDashboard.Platform.Estate.Exposure.PathKind.FirewallDnat => "Firewall DNAT:",
        _ => "Public IP:",
    };

    internal static string HopText(JitDashboard.Platform.Estate.Exposure.HopKind kind) => kind switch
    {
        JitDashboard.Platform.Estate.Exposure.HopKind.Door => "door",
        JitDashboard.Platform.Estate.Exposure.HopKind.AdminRule => "admin rule",
        JitDashboard.Platform.Estate.Exposure.HopKind.NsgRule => "NSG rule",
        _ => "default",
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Focus the body when a machine is shown, so Escape reaches it straight away.
        if (Machine is not null && Machine.Id != _focusedId)
        {
            _focusedId = Machine.Id;
            try
            {
                await _body.FocusAsync();
            }
            catch (Exception ex) when (ex is InvalidOperationException or Microsoft.JSInterop.JSException)
            {
                // Focus is a convenience; the close button still works.
            }
        }
        else if (Machine is null)
        {
            _focusedId = null;
        }
    }

    private Task OnOpenChanged(bool open) => open ? Task.CompletedTask : CloseAsync();

    private Task CloseAsync() => OnClose.InvokeAsync();

    private Task OnKeyDown(KeyboardEventArgs e) => e.Key == "Escape" ? CloseAsync() : Task.CompletedTask;

    internal static string AllowedSource(JitPortRule rule)
        => rule.AllowedSourceAddressPrefix ?? (rule.AllowedSourceAddressPrefixes is { Count: > 0 } list ? string.Join(", ", list) : "*");

    internal static string Duration(string iso)
    {
        try
        {
            var span = XmlConvert.ToTimeSpan(iso);
            return span.TotalHours >= 1 && span.Minutes == 0 ? $"{span.TotalHours:0.#} h" : $"{span.TotalMinutes:0} min";
        }
        catch (FormatException)
        {
            return iso;
        }
    }

    internal static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    internal static string ImpactText(MachineFacts facts, ManagementPortsControl? control)
    {
        var max = control?.Max ?? ManagementPortsControl.DefaultMax;
        if (facts.SecureScoreImpact is not { } impact)
            return $"Impact unknown: {facts.UnknownReasons.GetValueOrDefault("recommendations") ?? "Defender's data for this subscription could not be read."}";
        if (impact <= 0)
            return facts.UnhealthyInControl
                ? $"Fixing this VM changes no points of {ManagementPortsControl.DisplayName} ({max} max)."
                : $"This VM costs no points of {ManagementPortsControl.DisplayName} ({max} max).";
        var text = $"Fixing this VM is worth {MachinesPage.ImpactText(impact)} points of {ManagementPortsControl.DisplayName} ({max} max)";
        return control is null ? text + "." : text + string.Create(CultureInfo.InvariantCulture, $"; the control is at {control.Current:0.##} now.");
    }
}
