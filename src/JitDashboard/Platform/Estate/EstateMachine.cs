using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate;

/// <summary>A machine as the estate shows it: the VM, its subscription's display name, and what the dashboard concludes about it.</summary>
public sealed record EstateMachine(VirtualMachineInfo Vm, string SubscriptionName, MachineFacts Facts)
{
    public EstateMachine(VirtualMachineInfo vm, string subscriptionName)
        : this(vm, subscriptionName, MachineFacts.Empty)
    {
    }

    public string Id => Vm.Id;
    public string Name => Vm.Name;
    public string SubscriptionId => Vm.SubscriptionId;
    public string ResourceGroup => Vm.ResourceGroup;
    public string Location => Vm.Location;
    public string OsType => Vm.OsType ?? "";
    /// <summary><c>running</c>, <c>deallocated</c>, ...; empty when unknown.</summary>
    public string PowerState => Vm.PowerState ?? "";
}
