using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Automation;

/// <summary>Which VMs a rule sees and which it must never touch. Pure.</summary>
public static class ScopeEvaluator
{
    /// <summary>In-scope machines (excluded ones included, with the reason), in the snapshot's order.</summary>
    public static IReadOnlyList<ScopedMachine> Evaluate(AutomationRule rule, IEnumerable<EstateMachine> machines)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var result = new List<ScopedMachine>();
        foreach (var machine in machines)
        {
            if (!InScope(rule.Scope, machine)) continue;
            result.Add(new ScopedMachine(machine, ExclusionOf(rule.Exclusions, machine)));
        }
        return result;
    }

    public static bool InScope(AutomationScope scope, EstateMachine machine)
    {
        if (scope.SubscriptionIds.Count > 0 && !scope.SubscriptionIds.Contains(machine.SubscriptionId, StringComparer.OrdinalIgnoreCase)) return false;
        if (scope.ResourceGroups.Count > 0 && !scope.ResourceGroups.Contains(machine.ResourceGroup, StringComparer.OrdinalIgnoreCase)) return false;
        return scope.Tags.All(t => HasTag(machine, t.Key, t.Value));
    }

    /// <summary>The reason the VM is excluded, or null.</summary>
    public static string? ExclusionOf(AutomationExclusions exclusions, EstateMachine machine)
    {
        if (exclusions.MachineIds.Contains(machine.Id, StringComparer.OrdinalIgnoreCase))
            return "Excluded: listed in the rule's excluded machines.";
        foreach (var (key, value) in exclusions.Tags)
        {
            if (HasTag(machine, key, value)) return $"Excluded by tag {key}={value}.";
        }
        return null;
    }

    /// <summary>Tag names and values compare case-insensitively (ARM tag names are); <c>*</c> matches any value.</summary>
    public static bool HasTag(EstateMachine machine, string key, string value)
    {
        foreach (var (k, v) in machine.Vm.Tags)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && (value == "*" || string.Equals(v, value, StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}
