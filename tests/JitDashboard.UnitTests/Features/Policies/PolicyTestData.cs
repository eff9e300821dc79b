using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.UnitTests.Features.Policies;

/// <summary>Hand-built estate machines and policies.</summary>
internal static class PolicyTestData
{
    public const string Sub = "00000000-0000-0000-0000-000000000001";

    public static string VmId(string rg, string name) => $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    public static EstateMachine Machine(
        string name,
        string rg = "rg-a",
        string location = "westeurope",
        string os = "Linux",
        JitStatus status = JitStatus.NotConfigured,
        string? unsupportedReason = null,
        string? policyId = null,
        IReadOnlyList<JitPortRule>? jitPorts = null,
        IReadOnlyList<PortDecision>? ports = null)
    {
        var vm = new VirtualMachineInfo(VmId(rg, name), name, Sub, rg, location, os, "Standard_B2s", [], new Dictionary<string, string>());
        var facts = MachineFacts.Empty with
        {
            JitStatus = status,
            UnsupportedReason = unsupportedReason,
            JitPolicyId = policyId,
            JitPorts = jitPorts ?? [],
            Ports = ports ?? [],
        };
        return new EstateMachine(vm, "Sub one", facts);
    }

    /// <summary>A port decided Open by one allow rule at the NIC's NSG.</summary>
    public static PortDecision OpenBy(int port, string rule, int priority, string nsg, bool isDefault = false) =>
        new(port, PortExposure.Open, ["*"],
        [
            new PathDecision("nic-1", "ipconfig1", "20.1.2.3", PortExposure.Open, ["*"],
                [new RuleStep(NsgLevel.NetworkInterface, nsg, rule, priority, RuleAccess.Allow, ["*"], isDefault, Decisive: true)], "allowed"),
        ]);

    public static JitPortRule Port(int number, string duration = "PT3H") => new() { Number = number, Protocol = "*", AllowedSourceAddressPrefix = "*", MaxRequestAccessDuration = duration };

    public static JitVirtualMachine Vm(string id, params int[] ports) => new() { Id = id, Ports = [.. ports.Select(p => Port(p))] };

    public static JitNetworkAccessPolicy Policy(params JitVirtualMachine[] vms) =>
        new() { Kind = "Basic", Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = vms } };

    public static global::JitDashboard.Features.Policies.PolicyTemplate DefenderTemplate() => new()
    {
        Id = global::JitDashboard.Features.Policies.PolicyTemplateDefaults.DefenderDefaultId,
        Name = "Defender default",
        IsDefault = true,
        Ports = global::JitDashboard.Features.Policies.PolicyTemplateDefaults.DefenderPorts(),
    };
}
