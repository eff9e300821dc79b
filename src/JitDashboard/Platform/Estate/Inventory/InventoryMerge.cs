using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// Keeps the last good list of a source whose read failed for a passing reason (throttling, 5xx, timeouts): better a
/// list marked stale with its age than a blank. A refusal (403, subscription gone) is not passing: those facts become Unknown.
/// </summary>
public static class InventoryMerge
{
    public static SubscriptionInventory WithLastGood(SubscriptionInventory current, SubscriptionInventory? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null) return current;
        var result = current;
        var sources = new Dictionary<InventorySource, SourceStatus>(current.Sources);
        foreach (var (source, status) in current.Sources)
        {
            if (status.State != SourceState.Failed || status.Failure is not { IsTransient: true }) continue;
            if (!previous.IsReadable(source)) continue;
            var last = previous.Sources.GetValueOrDefault(source);
            result = Take(result, previous, source);
            sources[source] = status with { State = SourceState.Stale, LastSuccessAt = last?.LastSuccessAt };
        }
        return result with { Sources = sources };
    }

    private static bool IsClassic(VirtualMachineInfo vm) =>
        vm.Id.Contains("/providers/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase);

    private static SubscriptionInventory Take(SubscriptionInventory to, SubscriptionInventory from, InventorySource source) => source switch
    {
        // The VM list also carries the classic VMs (their own source) and the power states: keep those as read now.
        InventorySource.VirtualMachines => to with
        {
            VirtualMachines = [.. from.VirtualMachines.Where(v => !IsClassic(v)), .. to.VirtualMachines.Where(IsClassic)],
        },
        InventorySource.PowerStates => to with { VirtualMachines = WithPowerStates(to.VirtualMachines, from.VirtualMachines) },
        InventorySource.ClassicVirtualMachines => to with
        {
            ClassicVirtualMachines = from.ClassicVirtualMachines,
            VirtualMachines = [.. to.VirtualMachines.Where(v => !IsClassic(v)), .. from.VirtualMachines.Where(IsClassic)],
        },
        InventorySource.NetworkInterfaces => to with { NetworkInterfaces = from.NetworkInterfaces },
        InventorySource.NetworkSecurityGroups => to with { NetworkSecurityGroups = from.NetworkSecurityGroups },
        InventorySource.PublicIpAddresses => to with { PublicIpAddresses = from.PublicIpAddresses },
        InventorySource.VirtualNetworks => to with { VirtualNetworks = from.VirtualNetworks },
        InventorySource.JitPolicies => to with { JitPolicies = from.JitPolicies },
        InventorySource.Assessments => to with { Assessments = from.Assessments },
        InventorySource.SecureScoreControls => to with { SecureScoreControls = from.SecureScoreControls },
        InventorySource.SecureScores => to with { SecureScores = from.SecureScores },
        InventorySource.DefenderPlans => to with { Pricings = from.Pricings },
        InventorySource.LoadBalancers => to with { LoadBalancers = from.LoadBalancers },
        InventorySource.AzureFirewalls => to with { AzureFirewalls = from.AzureFirewalls },
        InventorySource.FirewallPolicies => to with { FirewallRuleCollectionGroups = from.FirewallRuleCollectionGroups },
        InventorySource.NetworkManagerAdminRules => to with { AdminRulesByVirtualNetwork = from.AdminRulesByVirtualNetwork },
        _ => to,
    };

    private static List<VirtualMachineInfo> WithPowerStates(IReadOnlyList<VirtualMachineInfo> vms, IReadOnlyList<VirtualMachineInfo> previous)
    {
        var states = previous.Where(v => v.PowerState is not null).GroupBy(v => v.Id, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().PowerState, StringComparer.OrdinalIgnoreCase);
        return vms.Select(v => v.PowerState is null && states.TryGetValue(v.Id, out var state) ? v with { PowerState = state } : v).ToList();
    }
}
