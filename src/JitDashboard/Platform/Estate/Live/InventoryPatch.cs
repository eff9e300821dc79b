using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate.Live;

/// <summary>
/// A subscription's inventory changed by one targeted read, and the VMs that change concerns: an NSG → the VMs whose
/// NIC or subnet it guards; a NIC → its VM; a public IP → the VM whose NIC holds it (or the VMs behind the load balancer
/// whose frontend holds it); a load balancer → the VMs in its pools and NAT rules; a virtual network → the VMs in
/// its subnets; a JIT policy → the VMs it lists. Pure.
/// </summary>
public static class InventoryPatch
{
    private static readonly StringComparer Ids = StringComparer.OrdinalIgnoreCase;

    /// <summary>The ids (as the inventory spells them) of the VMs the resource concerns in this inventory.</summary>
    public static HashSet<string> Affected(SubscriptionInventory inventory, EstateResource resource)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(resource);
        var result = new HashSet<string>(Ids);
        var id = resource.Id;
        switch (resource.Kind)
        {
            case EstateResourceKind.VirtualMachine:
                result.Add(inventory.VirtualMachines.FirstOrDefault(v => Ids.Equals(v.Id, id))?.Id ?? id);
                break;
            case EstateResourceKind.NetworkInterface:
                AddVmsOfNics(inventory, [id], result);
                if (inventory.NetworkInterfaces.FirstOrDefault(n => Ids.Equals(n.Id, id))?.Properties.VirtualMachine?.Id is { } owner)
                    result.Add(inventory.VirtualMachines.FirstOrDefault(v => Ids.Equals(v.Id, owner))?.Id ?? owner);
                break;
            case EstateResourceKind.NetworkSecurityGroup:
            {
                var subnets = inventory.VirtualNetworks.SelectMany(v => v.Properties.Subnets)
                    .Where(s => s.Id is not null && Ids.Equals(s.Properties.NetworkSecurityGroup?.Id, id)).Select(s => s.Id!).ToHashSet(Ids);
                var nics = inventory.NetworkInterfaces.Where(n => n.Id is not null && (Ids.Equals(n.Properties.NetworkSecurityGroup?.Id, id)
                    || n.Properties.IpConfigurations.Any(c => c.Properties.Subnet?.Id is { } s && subnets.Contains(s)))).Select(n => n.Id!);
                AddVmsOfNics(inventory, nics, result);
                break;
            }
            case EstateResourceKind.PublicIpAddress:
                AddVmsOfNics(inventory, inventory.NetworkInterfaces.Where(n => n.Id is not null
                    && n.Properties.IpConfigurations.Any(c => Ids.Equals(c.Properties.PublicIPAddress?.Id, id))).Select(n => n.Id!), result);
                // A load balancer's frontend address: the VMs behind that load balancer.
                foreach (var lb in inventory.LoadBalancers.Where(l => l.Id is not null
                    && l.Properties.FrontendIPConfigurations.Any(f => Ids.Equals(f.Properties.PublicIPAddress?.Id, id))))
                    AddVmsBehindLoadBalancer(inventory, lb, result);
                break;
            case EstateResourceKind.LoadBalancer:
            {
                // The VMs whose NICs sit in its pools or NAT rules (both sides of the association), as it is now.
                AddVmsOfNics(inventory, NicsReferencing(inventory, id), result);
                if (inventory.LoadBalancers.FirstOrDefault(l => Ids.Equals(l.Id, id)) is { } known)
                    AddVmsBehindLoadBalancer(inventory, known, result);
                break;
            }
            case EstateResourceKind.VirtualNetwork:
            {
                var prefix = id.TrimEnd('/') + "/subnets/";
                AddVmsOfNics(inventory, inventory.NetworkInterfaces.Where(n => n.Id is not null
                    && n.Properties.IpConfigurations.Any(c => c.Properties.Subnet?.Id?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true)).Select(n => n.Id!), result);
                break;
            }
            case EstateResourceKind.JitPolicy:
                foreach (var vm in inventory.JitPolicies.Where(p => Ids.Equals(p.Id, id)).SelectMany(p => p.Properties.VirtualMachines))
                    result.Add(inventory.VirtualMachines.FirstOrDefault(v => Ids.Equals(v.Id, vm.Id))?.Id ?? vm.Id);
                break;
            default:
                break;
        }
        return result;
    }

    /// <summary>The NSGs (NIC and subnet) in front of these VMs: what a JIT policy write or initiation changes.</summary>
    public static IReadOnlyList<string> NsgsOf(SubscriptionInventory inventory, IEnumerable<string> vmIds)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var wanted = vmIds.ToHashSet(Ids);
        var nicIds = inventory.VirtualMachines.Where(v => wanted.Contains(v.Id)).SelectMany(v => v.NicIds).ToHashSet(Ids);
        var subnets = inventory.VirtualNetworks.SelectMany(v => v.Properties.Subnets).Where(s => s.Id is not null).ToDictionary(s => s.Id!, Ids);
        var result = new HashSet<string>(Ids);
        foreach (var nic in inventory.NetworkInterfaces.Where(n => n.Id is not null && nicIds.Contains(n.Id)))
        {
            if (nic.Properties.NetworkSecurityGroup?.Id is { } nicNsg) result.Add(nicNsg);
            foreach (var c in nic.Properties.IpConfigurations)
            {
                if (c.Properties.Subnet?.Id is { } s && subnets.TryGetValue(s, out var subnet) && subnet.Properties.NetworkSecurityGroup?.Id is { } subnetNsg)
                    result.Add(subnetNsg);
            }
        }
        return [.. result];
    }

    /// <summary>The inventory with the read resource replaced, added, or (gone) removed.</summary>
    public static SubscriptionInventory Apply(SubscriptionInventory inventory, ResourceRead read)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(read);
        var id = read.Resource.Id;
        return read.Resource.Kind switch
        {
            EstateResourceKind.VirtualMachine => inventory with
            {
                VirtualMachines = Replace(inventory.VirtualMachines, v => v.Id, id, read.Value is VirtualMachineInfo vm
                    ? vm.PowerState is null && inventory.VirtualMachines.FirstOrDefault(v => Ids.Equals(v.Id, id)) is { PowerState: { } was } ? vm with { PowerState = was } : vm
                    : null),
            },
            EstateResourceKind.NetworkInterface => inventory with { NetworkInterfaces = Replace(inventory.NetworkInterfaces, n => n.Id, id, read.Value as NetworkInterface) },
            EstateResourceKind.NetworkSecurityGroup => inventory with { NetworkSecurityGroups = Replace(inventory.NetworkSecurityGroups, n => n.Id, id, read.Value is NetworkSecurityGroup nsg ? InventoryCompaction.Compact(nsg) : null) },
            EstateResourceKind.PublicIpAddress => inventory with { PublicIpAddresses = Replace(inventory.PublicIpAddresses, p => p.Id, id, read.Value as PublicIpAddress) },
            EstateResourceKind.VirtualNetwork => inventory with { VirtualNetworks = Replace(inventory.VirtualNetworks, v => v.Id, id, read.Value as VirtualNetwork) },
            EstateResourceKind.LoadBalancer => inventory with { LoadBalancers = Replace(inventory.LoadBalancers, l => l.Id, id, read.Value as LoadBalancer) },
            EstateResourceKind.JitPolicy => inventory with { JitPolicies = Replace(inventory.JitPolicies, p => p.Id, id, read.Value as JitNetworkAccessPolicy) },
            _ => inventory,
        };
    }

    // NICs whose ip configurations point into the load balancer (a pool or an inbound NAT rule is its child resource).
    private static IEnumerable<string> NicsReferencing(SubscriptionInventory inventory, string loadBalancerId)
    {
        var prefix = loadBalancerId.TrimEnd('/') + "/";
        return inventory.NetworkInterfaces.Where(n => n.Id is not null && n.Properties.IpConfigurations.Any(c =>
                (c.Properties.LoadBalancerBackendAddressPools ?? []).Concat(c.Properties.LoadBalancerInboundNatRules ?? [])
                    .Any(r => r.Id?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true)))
            .Select(n => n.Id!);
    }

    // The load balancer's own side of the association: NAT rules naming a backend ip configuration (…/ipConfigurations/x).
    private static void AddVmsBehindLoadBalancer(SubscriptionInventory inventory, LoadBalancer lb, HashSet<string> result)
    {
        AddVmsOfNics(inventory, NicsReferencing(inventory, lb.Id!), result);
        var nics = lb.Properties.InboundNatRules.Concat(lb.Properties.LoadBalancingRules)
            .Select(r => r.Properties.BackendIPConfiguration?.Id)
            .OfType<string>()
            .Select(NicOfIpConfiguration);
        AddVmsOfNics(inventory, nics, result);
    }

    private static string NicOfIpConfiguration(string ipConfigurationId)
    {
        var at = ipConfigurationId.LastIndexOf("/ipConfigurations/", StringComparison.OrdinalIgnoreCase);
        return at > 0 ? ipConfigurationId[..at] : ipConfigurationId;
    }

    private static void AddVmsOfNics(SubscriptionInventory inventory, IEnumerable<string> nicIds, HashSet<string> result)
    {
        var nics = nicIds.ToHashSet(Ids);
        if (nics.Count == 0) return;
        foreach (var vm in inventory.VirtualMachines.Where(v => v.NicIds.Any(nics.Contains)))
            result.Add(vm.Id);
    }

    private static List<T> Replace<T>(IReadOnlyList<T> items, Func<T, string?> idOf, string id, T? value) where T : class
    {
        var list = new List<T>(items.Count + 1);
        var replaced = false;
        foreach (var item in items)
        {
            if (!Ids.Equals(idOf(item), id))
            {
                list.Add(item);
                continue;
            }
            if (value is not null && !replaced) list.Add(value);
            replaced = true;
        }
        if (!replaced && value is not null) list.Add(value);
        return list;
    }
}
