using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Pure merges of a policy's <c>virtualMachines</c> array. A PUT replaces the whole array, so every VM not
/// being changed is carried over exactly as read.
/// </summary>
public static class PolicyMerge
{
    /// <summary>The array after adding or updating <paramref name="upserts"/>; other VMs keep their place and content.</summary>
    public static IReadOnlyList<JitVirtualMachine> Apply(JitNetworkAccessPolicy? current, IReadOnlyList<JitVirtualMachine> upserts)
    {
        var byId = upserts.GroupBy(v => v.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
        var result = new List<JitVirtualMachine>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var existing in current?.Properties.VirtualMachines ?? [])
        {
            if (byId.TryGetValue(existing.Id, out var update))
            {
                // Keep the existing entry's id spelling and Azure Firewall address; only the ports change.
                result.Add(existing with { Ports = update.Ports });
                seen.Add(existing.Id);
            }
            else
            {
                result.Add(existing);
            }
        }
        result.AddRange(byId.Values.Where(v => !seen.Contains(v.Id)));
        return result;
    }

    /// <summary>The array without <paramref name="vmIds"/>; <see cref="RemoveResult.DeletePolicy"/> when nothing is left.</summary>
    public static RemoveResult Remove(JitNetworkAccessPolicy? current, IReadOnlyCollection<string> vmIds)
    {
        var remove = new HashSet<string>(vmIds, StringComparer.OrdinalIgnoreCase);
        var kept = (current?.Properties.VirtualMachines ?? []).Where(v => !remove.Contains(v.Id)).ToList();
        return new RemoveResult(kept, DeletePolicy: current is not null && kept.Count == 0);
    }

    /// <summary>True when the policy lists the VM with exactly these ports (number, protocol, sources, duration).</summary>
    public static bool Covers(JitNetworkAccessPolicy? policy, JitVirtualMachine vm)
    {
        var entry = Find(policy, vm.Id);
        return entry is not null && SamePorts(entry.Ports, vm.Ports);
    }

    public static JitVirtualMachine? Find(JitNetworkAccessPolicy? policy, string vmId) =>
        policy?.Properties.VirtualMachines.FirstOrDefault(v => string.Equals(v.Id, vmId, StringComparison.OrdinalIgnoreCase));

    public static bool SamePorts(IReadOnlyList<JitPortRule> a, IReadOnlyList<JitPortRule> b) =>
        a.Count == b.Count && a.OrderBy(p => p.Number).Zip(b.OrderBy(p => p.Number)).All(pair => SamePort(pair.First, pair.Second));

    /// <summary>True when two reads of a policy list the same VMs with the same ports: nobody wrote in between.</summary>
    public static bool SameVirtualMachines(JitNetworkAccessPolicy? a, JitNetworkAccessPolicy? b)
    {
        if (a is null || b is null) return a is null && b is null;
        var left = a.Properties.VirtualMachines;
        var right = b.Properties.VirtualMachines;
        return left.Count == right.Count && left.All(vm => Covers(b, vm));
    }

    private static bool SamePort(JitPortRule a, JitPortRule b) =>
        a.Number == b.Number
        && string.Equals(a.Protocol, b.Protocol, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.MaxRequestAccessDuration, b.MaxRequestAccessDuration, StringComparison.OrdinalIgnoreCase)
        && Sources(a).SequenceEqual(Sources(b), StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> Sources(JitPortRule rule) =>
        (rule.AllowedSourceAddressPrefixes ?? (rule.AllowedSourceAddressPrefix is { } one ? [one] : ["*"])).Order(StringComparer.OrdinalIgnoreCase);
}
