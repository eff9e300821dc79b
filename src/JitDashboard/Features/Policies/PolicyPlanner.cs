using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Policies;

/// <summary>
/// Pure planning: which policy each selected VM goes to (or leaves), what changes, what is skipped and why,
/// and which ports stay open after JIT. No I/O: the caller supplies the estate and, when known, current policies.
/// </summary>
public static class PolicyPlanner
{
    /// <summary>Input checks shared by apply and remove: empty selection, unknown or duplicate ids.</summary>
    public static Dictionary<string, string[]> ValidateSelection(IReadOnlyList<string>? machineIds, IReadOnlyDictionary<string, EstateMachine> machines)
    {
        var errors = new Dictionary<string, string[]>();
        if (machineIds is null || machineIds.Count == 0)
        {
            errors["machineIds"] = ["Select at least one machine."];
            return errors;
        }
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < machineIds.Count; i++)
        {
            var id = machineIds[i];
            if (string.IsNullOrWhiteSpace(id))
                errors[$"machineIds[{i}]"] = ["Machine id is empty."];
            else if (seen.TryGetValue(id, out var first))
                errors[$"machineIds[{i}]"] = [$"Duplicate machine id '{id}' (also at machineIds[{first}])."];
            else if (!machines.ContainsKey(id))
                errors[$"machineIds[{i}]"] = [$"Unknown or out-of-scope machine id '{id}'."];
            if (!string.IsNullOrWhiteSpace(id)) seen.TryAdd(id, i);
        }
        return errors;
    }

    public static IReadOnlyDictionary<string, EstateMachine> Index(IEnumerable<EstateMachine> machines) =>
        machines.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy a VM belongs in: the one it is already in, else its resource group and region's <c>default</c>.</summary>
    public static JitPolicyId KeyFor(EstateMachine machine) =>
        JitPolicyId.Parse(machine.Facts.JitPolicyId) ?? new JitPolicyId(machine.SubscriptionId, machine.ResourceGroup, machine.Location);

    /// <summary>
    /// Plans an apply. <paramref name="currentPolicies"/>: what ARM holds now per key (null value: no policy);
    /// keys absent from it fall back to what the estate snapshot says.
    /// </summary>
    public static PolicyPlan PlanApply(
        IReadOnlyList<string> machineIds,
        IReadOnlyDictionary<string, EstateMachine> machines,
        PolicyTemplate template,
        IReadOnlyDictionary<JitPolicyId, JitNetworkAccessPolicy?>? currentPolicies = null)
    {
        var errors = ValidateSelection(machineIds, machines);
        if (errors.Count > 0) return PolicyPlan.Invalid(JitOperationKind.Apply, template.Id, errors);

        var skipped = new List<SkippedVm>();
        var byKey = new Dictionary<JitPolicyId, List<PlannedVm>>();
        foreach (var machine in machineIds.Select(id => machines[id]))
        {
            if (SkipReason(machine) is { } reason)
            {
                skipped.Add(new SkippedVm(machine.Id, machine.Name, reason));
                continue;
            }
            var ports = template.PortsFor(machine.OsType);
            if (ports.Count == 0)
            {
                skipped.Add(new SkippedVm(machine.Id, machine.Name, $"Template '{template.Name}' has no ports for OS '{machine.OsType}'."));
                continue;
            }
            var key = KeyFor(machine);
            if (key.Name.Length + machine.Name.Length > JitPolicyId.MaxPolicyAndVmNameLength)
            {
                skipped.Add(new SkippedVm(machine.Id, machine.Name,
                    $"Policy name '{key.Name}' plus VM name '{machine.Name}' is {key.Name.Length + machine.Name.Length} characters; JIT allows at most {JitPolicyId.MaxPolicyAndVmNameLength}."));
                continue;
            }

            IReadOnlyList<JitPortRule> before;
            if (currentPolicies is not null && currentPolicies.TryGetValue(key, out var policy))
                before = PolicyMerge.Find(policy, machine.Id)?.Ports ?? [];
            else
                before = machine.Facts.JitStatus == JitStatus.Configured ? machine.Facts.JitPorts : [];

            var change = before.Count == 0 && !(currentPolicies is not null && PolicyMerge.Find(currentPolicies.GetValueOrDefault(key), machine.Id) is not null)
                ? PlannedChange.Added
                : PolicyMerge.SamePorts(before, ports) ? PlannedChange.Untouched : PlannedChange.Changed;
            var covered = before.Select(p => p.Number).ToHashSet();
            var newly = ports.Select(p => p.Number).Where(n => !covered.Contains(n)).Distinct().Order().ToList();
            Add(byKey, key, new PlannedVm(machine.Id, machine.Name, machine.OsType, change, ports, newly, Warnings(machine, ports)));
        }

        SplitOversized(byKey, machines, currentPolicies, skipped);

        var changes = byKey.Select(kv =>
        {
            var existing = currentPolicies?.GetValueOrDefault(kv.Key);
            var selected = kv.Value.Select(v => v.MachineId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var others = existing?.Properties.VirtualMachines.Count(v => !selected.Contains(v.Id)) ?? 0;
            var exists = currentPolicies is not null ? existing is not null : kv.Value.Any(v => v.Change != PlannedChange.Added);
            return new PolicyChange(kv.Key, kv.Value, others, exists, DeletesPolicy: false);
        }).OrderBy(c => c.Key.Id, StringComparer.OrdinalIgnoreCase).ToList();
        return new PolicyPlan(JitOperationKind.Apply, template.Id, changes, skipped, errors);
    }

    /// <summary>
    /// A policy PUT carries every VM of the policy, and ARM refuses bodies over 4 MB (413 RequestContentTooLarge): VMs
    /// joining a policy that would pass the planning budget go to the next policy of the same resource group and region
    /// (<c>default-2</c>, <c>default-3</c>, ...), which is created or grown the same way.
    /// </summary>
    private static void SplitOversized(
        Dictionary<JitPolicyId, List<PlannedVm>> byKey, IReadOnlyDictionary<string, EstateMachine> machines,
        IReadOnlyDictionary<JitPolicyId, JitNetworkAccessPolicy?>? currentPolicies, List<SkippedVm> skipped)
    {
        // Members per policy, built once (a lookup per key over the whole estate would be O(policies × VMs)).
        var members = machines.Values.Where(m => m.Facts.JitPolicyId is not null)
            .ToLookup(m => m.Facts.JitPolicyId!, StringComparer.OrdinalIgnoreCase);
        foreach (var key in byKey.Keys.ToList())
        {
            var planned = byKey[key];
            // Cheap bound first: no policy entry comes near 4 KB, so small policies need no serializing at all.
            var count = planned.Count + (currentPolicies?.GetValueOrDefault(key)?.Properties.VirtualMachines.Count ?? members[key.Id].Count());
            if (count * 4096 <= PolicySize.PlanningBudgetBytes) continue;
            var size = ExistingSize(key, members, currentPolicies, planned);
            if (size + planned.Sum(v => EntrySize(v)) <= PolicySize.PlanningBudgetBytes) continue;

            var keep = new List<PlannedVm>();
            var overflow = new List<PlannedVm>();
            foreach (var vm in planned)
            {
                // VMs already in the policy stay where they are; only joiners move.
                if (vm.Change != PlannedChange.Added || size + EntrySize(vm) <= PolicySize.PlanningBudgetBytes)
                {
                    keep.Add(vm);
                    size += EntrySize(vm);
                }
                else overflow.Add(vm);
            }
            byKey[key] = keep;
            for (var n = 2; overflow.Count > 0; n++)
            {
                var next = key with { Name = $"{key.Name}-{n}" };
                var nextSize = ExistingSize(next, members, currentPolicies, []);
                var rest = new List<PlannedVm>();
                foreach (var vm in overflow)
                {
                    if (next.Name.Length + vm.Name.Length > JitPolicyId.MaxPolicyAndVmNameLength)
                        skipped.Add(new SkippedVm(vm.MachineId, vm.Name, $"The '{key.Name}' policy is full (ARM takes at most 4 MB) and the VM's name is too long for policy '{next.Name}'."));
                    else if (nextSize + EntrySize(vm) <= PolicySize.PlanningBudgetBytes || nextSize == 0)
                    {
                        if (!byKey.TryGetValue(next, out var list)) byKey[next] = list = [];
                        list.Add(vm);
                        nextSize += EntrySize(vm);
                    }
                    else rest.Add(vm);
                }
                overflow = rest;
            }
        }
        foreach (var empty in byKey.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList()) byKey.Remove(empty);
    }

    private static int EntrySize(PlannedVm vm) => PolicySize.Of(new JitVirtualMachine { Id = vm.MachineId, Ports = vm.Ports });

    /// <summary>The body size of what the policy holds now, less the planned VMs (their new entries are counted apart).</summary>
    private static int ExistingSize(JitPolicyId key, ILookup<string, EstateMachine> members,
        IReadOnlyDictionary<JitPolicyId, JitNetworkAccessPolicy?>? currentPolicies, IReadOnlyList<PlannedVm> planned)
    {
        var selected = planned.Select(v => v.MachineId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (currentPolicies is not null && currentPolicies.TryGetValue(key, out var policy))
            return policy is null ? 0 : policy.Properties.VirtualMachines.Where(v => !selected.Contains(v.Id)).Sum(PolicySize.Of);
        // Ids as ARM spells them may differ in case from the key's: the lookup compares ignoring case.
        return members[key.Id].Where(m => !selected.Contains(m.Id))
            .Sum(m => PolicySize.Of(new JitVirtualMachine { Id = m.Id, Ports = m.Facts.JitPorts }));
    }

    /// <summary>Plans a remove: VMs not in any policy are skipped; a policy left empty is deleted.</summary>
    public static PolicyPlan PlanRemove(
        IReadOnlyList<string> machineIds,
        IReadOnlyDictionary<string, EstateMachine> machines,
        IReadOnlyDictionary<JitPolicyId, JitNetworkAccessPolicy?>? currentPolicies = null)
    {
        var errors = ValidateSelection(machineIds, machines);
        if (errors.Count > 0) return PolicyPlan.Invalid(JitOperationKind.Remove, null, errors);

        var skipped = new List<SkippedVm>();
        var byKey = new Dictionary<JitPolicyId, List<PlannedVm>>();
        foreach (var machine in machineIds.Select(id => machines[id]))
        {
            var key = JitPolicyId.Parse(machine.Facts.JitPolicyId);
            if (WriteBlockedReason(machine) is { } blocked)
            {
                skipped.Add(new SkippedVm(machine.Id, machine.Name, blocked));
                continue;
            }
            if (machine.Facts.JitStatus != JitStatus.Configured || key is null)
            {
                skipped.Add(new SkippedVm(machine.Id, machine.Name, "Not in a JIT policy."));
                continue;
            }
            Add(byKey, key, new PlannedVm(machine.Id, machine.Name, machine.OsType, PlannedChange.Removed, machine.Facts.JitPorts, [], []));
        }

        var changes = byKey.Select(kv =>
        {
            var selected = kv.Value.Select(v => v.MachineId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            int others;
            if (currentPolicies is not null && currentPolicies.TryGetValue(kv.Key, out var policy))
                others = policy?.Properties.VirtualMachines.Count(v => !selected.Contains(v.Id)) ?? 0;
            else
                others = machines.Values.Count(m => !selected.Contains(m.Id) && kv.Key.Equals(JitPolicyId.Parse(m.Facts.JitPolicyId)));
            return new PolicyChange(kv.Key, kv.Value, others, Exists: true, DeletesPolicy: others == 0);
        }).OrderBy(c => c.Key.Id, StringComparer.OrdinalIgnoreCase).ToList();
        return new PolicyPlan(JitOperationKind.Remove, null, changes, skipped, errors);
    }

    /// <summary>
    /// Unsupported VMs are skipped with Defender's reason; VMs whose policies could not be read, or whose subscription
    /// takes no JIT write (read-only, Defender off), are refused before any write, with the reason.
    /// </summary>
    public static string? SkipReason(EstateMachine machine) =>
        machine.Facts.JitStatus == JitStatus.Unsupported ? $"Unsupported: {machine.Facts.UnsupportedReason ?? "JIT does not support this VM."}"
        : WriteBlockedReason(machine);

    /// <summary>Why nothing may be written for this VM now: a policy PUT replaces the whole policy, so never on top of an unknown.</summary>
    public static string? WriteBlockedReason(EstateMachine machine) =>
        machine.Facts.JitWriteBlockedReason
        ?? (machine.Facts.JitStatus == JitStatus.Unknown
            ? $"JIT status unknown: {machine.Facts.UnknownReasons.GetValueOrDefault("jitStatus") ?? "its sources could not be read"}. Nothing is written for it until they can be read."
            : null);

    /// <summary>
    /// Ports that stay open after JIT: Defender puts its deny rule after existing rules for those ports, so a
    /// custom allow rule that decides a port Open today keeps precedence.
    /// </summary>
    public static IReadOnlyList<string> Warnings(EstateMachine machine, IReadOnlyList<JitPortRule> ports)
    {
        var numbers = ports.Select(p => p.Number).ToHashSet();
        var warnings = new List<string>();
        foreach (var decision in machine.Facts.Ports.Where(d => d.Exposure == PortExposure.Open && numbers.Contains(d.Port)))
        {
            var rules = decision.Paths
                .Where(p => p.Exposure == PortExposure.Open)
                .SelectMany(p => p.Steps.Where(s => s.Decisive && s.Access == RuleAccess.Allow && !s.IsDefault && !IsJitRule(s.RuleName)))
                .DistinctBy(s => (s.NsgName, s.RuleName));
            foreach (var rule in rules)
                warnings.Add($"Port {decision.Port} stays open after JIT: rule '{rule.RuleName}' (priority {rule.Priority}, NSG {rule.NsgName}) allows it before the JIT deny rule.");
        }
        return warnings;
    }

    // An active JIT grant's allow rule expires on its own; it is not a standing exception.
    private static bool IsJitRule(string name) => name.StartsWith("SecurityCenter-JITRule", StringComparison.OrdinalIgnoreCase);

    private static void Add(Dictionary<JitPolicyId, List<PlannedVm>> byKey, JitPolicyId key, PlannedVm vm)
    {
        if (!byKey.TryGetValue(key, out var list)) byKey[key] = list = [];
        list.Add(vm);
    }
}
