using JitDashboard.Azure;
using JitDashboard.Azure.Models;

namespace JitDashboard.Features.Estate.Inventory;

/// <summary>Reads what one subscription holds, as one refresh needs it.</summary>
public interface IInventorySource
{
    Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken);
}

/// <summary>
/// One list call per resource type per subscription (plus nextLink pages), all in flight together:
/// the request count grows with pages and subscriptions, never with VMs.
/// </summary>
public sealed class ArmInventorySource(IComputeClient compute, ClassicComputeClient classic, NetworkClient network, SecurityClient security) : IInventorySource
{
    public async Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
    {
        var id = subscription.SubscriptionId;
        var vms = ToListAsync(compute.ListVirtualMachinesAsync(id, cancellationToken));
        var powerStates = compute.ListPowerStatesAsync(id, cancellationToken);
        var classicVms = ToListAsync(classic.ListVirtualMachinesAsync(id, cancellationToken));
        var nics = ToListAsync(network.ListNetworkInterfacesAsync(id, cancellationToken));
        var nsgs = ToListAsync(network.ListNetworkSecurityGroupsAsync(id, cancellationToken));
        var publicIps = ToListAsync(network.ListPublicIpAddressesAsync(id, cancellationToken));
        var vnets = ToListAsync(network.ListVirtualNetworksAsync(id, cancellationToken));
        var policies = ToListAsync(security.ListJitPoliciesAsync(id, cancellationToken));
        var assessments = ToListAsync(security.ListAssessmentsAsync(id, cancellationToken));
        var controls = ToListAsync(security.ListSecureScoreControlsAsync(id, expandDefinition: true, cancellationToken));
        var scores = ToListAsync(security.ListSecureScoresAsync(id, cancellationToken));
        await Task.WhenAll(vms, powerStates, classicVms, nics, nsgs, publicIps, vnets, policies, assessments, controls, scores);

        var states = await powerStates;
        var machines = (await vms).Select(vm => states.TryGetValue(vm.Id, out var state) ? vm with { PowerState = state } : vm)
            .Concat((await classicVms).Select(ToVirtualMachineInfo)).ToList();
        return new SubscriptionInventory(subscription, machines, await nics, await nsgs, await publicIps, await vnets,
            await policies, await assessments, await controls, await scores)
        {
            ClassicVirtualMachines = await classicVms,
        };
    }

    public static VirtualMachineInfo ToVirtualMachineInfo(ClassicVirtualMachine vm)
    {
        var segments = vm.Id.Split('/');
        var power = vm.Properties.InstanceView?.PowerState switch
        {
            "Started" => "running",
            "Stopped" => "deallocated",
            var other => other?.ToLowerInvariant(),
        };
        return new VirtualMachineInfo(vm.Id, vm.Name, segments.ElementAtOrDefault(2) ?? "", segments.ElementAtOrDefault(4) ?? "",
            vm.Location ?? "", vm.Properties.StorageProfile?.OperatingSystemDisk?.OsType, vm.Properties.HardwareProfile?.Size, [],
            vm.Tags ?? new Dictionary<string, string>(), PowerState: power);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }
}
