using JitDashboard.UnitTests.Platform.Estate;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.UnitTests.Features.Machines;

/// <summary>Small machines with just the facts the Machines filter and CSV read.</summary>
internal static class MachinesTestData
{
    public const string Prod = "11111111-1111-1111-1111-111111111111";
    public const string Dev = "22222222-2222-2222-2222-222222222222";

    public static EstateMachine Machine(
        string name,
        string subscriptionId = Prod,
        string os = "Linux",
        JitStatus jit = JitStatus.NotConfigured,
        string? reason = null,
        IReadOnlyList<PortDecision>? ports = null,
        string? privateIp = "10.0.0.4",
        string? publicIp = null,
        RecommendationState jitRec = RecommendationState.Unknown,
        RecommendationState portsRec = RecommendationState.Unknown,
        double impact = 0,
        string resourceGroup = "rg-web")
    {
        var vm = new VirtualMachineInfo(
            $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.Compute/virtualMachines/{name}",
            name, subscriptionId, resourceGroup, "westeurope", os, "Standard_B2s", [], new Dictionary<string, string>(), null, "running");
        NicView[] nics = [new($"{name}-nic", "ipconfig1", privateIp, publicIp, publicIp is null ? null : "Standard", "default", "nsg", null)];
        var facts = new MachineFacts(ports ?? [], nics, jit, reason, null, [], [], jitRec, portsRec, impact);
        return new EstateMachine(vm, subscriptionId == Prod ? "Contoso Production" : "Contoso Dev", facts);
    }

    public static PortDecision Port(int port, PortExposure exposure, params string[] sources)
        => new(port, exposure, sources.Length > 0 ? sources : exposure == PortExposure.Open ? ["*"] : [], []);
}
