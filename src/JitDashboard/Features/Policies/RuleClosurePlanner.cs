using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Policies;

/// <summary>Pure: which custom allow rules keep the planned JIT ports open, and what closing each does.</summary>
public static class RuleClosurePlanner
{
    /// <summary>
    /// The decisive custom allow rules (not JIT's own grant rules, not defaults) on the Open paths of the selected
    /// VMs' JIT ports, grouped per NSG and rule, with the ports each must stop allowing.
    /// </summary>
    public static IReadOnlyList<BlockingRule> FindBlockingRules(PolicyPlan plan, IReadOnlyDictionary<string, EstateMachine> machines)
    {
        var found = new Dictionary<string, (string NsgId, string NsgName, NsgLevel Level, string Rule, HashSet<string> Vms, SortedSet<int> Ports)>(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in plan.Policies.SelectMany(p => p.Vms))
        {
            if (!machines.TryGetValue(vm.MachineId, out var machine)) continue;
            var numbers = vm.Ports.Select(p => p.Number).ToHashSet();
            foreach (var decision in machine.Facts.Ports.Where(d => d.Exposure == PortExposure.Open && numbers.Contains(d.Port)))
            {
                foreach (var path in decision.Paths.Where(p => p.Exposure == PortExposure.Open))
                {
                    var nic = machine.Facts.Nics.FirstOrDefault(n => n.NetworkInterface == path.NetworkInterface && n.IpConfiguration == path.IpConfiguration);
                    foreach (var step in path.Steps.Where(s => s.Decisive && s.Access == RuleAccess.Allow && !s.IsDefault
                                 && !s.RuleName.StartsWith("SecurityCenter-JITRule", StringComparison.OrdinalIgnoreCase)))
                    {
                        var nsgId = step.Level == NsgLevel.Subnet ? nic?.SubnetNsgId : nic?.NicNsgId;
                        if (nsgId is null) continue;
                        var key = $"{nsgId}/securityRules/{step.RuleName}";
                        if (!found.TryGetValue(key, out var entry))
                            found[key] = entry = (nsgId, step.NsgName, step.Level, step.RuleName, new HashSet<string>(StringComparer.OrdinalIgnoreCase), []);
                        entry.Vms.Add(machine.Id);
                        // Every JIT port of this VM goes, not only the one found open: the rule must not keep another open.
                        entry.Ports.UnionWith(numbers);
                    }
                }
            }
        }
        return found.Values
            .Select(e => new BlockingRule(e.NsgId, e.NsgName, e.Level, e.Rule, [.. e.Vms], [.. e.Ports]))
            .OrderBy(r => r.NsgId, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.RuleName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The change for one rule, given the rule as ARM holds it now (full JSON).</summary>
    public static RuleChangePlan Plan(BlockingRule rule, JsonObject current, IReadOnlyDictionary<string, EstateMachine> machines)
    {
        var props = current["properties"] as JsonObject ?? [];
        var before = DestinationPorts(props);
        var covered = rule.JitPorts.Where(p => PortRanges.Covers(before, p)).ToList();
        var after = PortRanges.Subtract(before, covered);
        var selected = new HashSet<string>(rule.MachineIds, StringComparer.OrdinalIgnoreCase);
        var others = machines.Values
            .Where(m => !selected.Contains(m.Id) && m.Facts.Nics.Any(n =>
                string.Equals(rule.Level == NsgLevel.Subnet ? n.SubnetNsgId : n.NicNsgId, rule.NsgId, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new RuleChangePlan(rule.NsgId, rule.NsgName, rule.Level, rule.RuleName, (int?)props["priority"] ?? 0,
            after.Count == 0 ? RuleChangeAction.Delete : RuleChangeAction.Rewrite, before, after, covered, rule.MachineIds, others, current);
    }

    /// <summary>The rule's destination ports, singular or plural field.</summary>
    public static IReadOnlyList<string> DestinationPorts(JsonObject properties)
    {
        if (properties["destinationPortRanges"] is JsonArray list && list.Count > 0)
            return list.Select(n => (string?)n ?? "").Where(s => s.Length > 0).ToList();
        return properties["destinationPortRange"] is JsonValue v && v.TryGetValue<string>(out var one) && one.Length > 0 ? [one] : [];
    }

    /// <summary>The body to PUT for a rewrite: the original properties with the new ports (read-only fields dropped).</summary>
    public static JsonObject RewriteBody(JsonObject original, IReadOnlyList<string> portsAfter)
    {
        var body = RestoreBody(original);
        var props = (JsonObject)body["properties"]!;
        props.Remove("destinationPortRange");
        props.Remove("destinationPortRanges");
        if (portsAfter.Count == 1)
            props["destinationPortRange"] = portsAfter[0];
        else
            props["destinationPortRanges"] = new JsonArray([.. portsAfter.Select(p => (JsonNode)JsonValue.Create(p)!)]);
        return body;
    }

    /// <summary>The body to PUT the original rule back: its properties without the read-only provisioning state.</summary>
    public static JsonObject RestoreBody(JsonObject original)
    {
        var props = (original["properties"] as JsonObject ?? []).DeepClone().AsObject();
        props.Remove("provisioningState");
        return new JsonObject { ["properties"] = props };
    }

    /// <summary>Whether two reads of a rule say the same (etag and provisioning state aside).</summary>
    public static bool SameRule(JsonObject a, JsonObject b) => JsonNode.DeepEquals(Normalize(a), Normalize(b));

    private static readonly (string One, string Many)[] Pairs =
    [
        ("sourcePortRange", "sourcePortRanges"), ("destinationPortRange", "destinationPortRanges"),
        ("sourceAddressPrefix", "sourceAddressPrefixes"), ("destinationAddressPrefix", "destinationAddressPrefixes"),
    ];

    // ARM answers a rule with the singular and plural fields both present (one of them empty): fold them into one list.
    private static JsonObject Normalize(JsonObject rule)
    {
        var props = (JsonObject)RestoreBody(rule)["properties"]!;
        foreach (var (one, many) in Pairs)
        {
            var values = new List<string>();
            if (props[one] is JsonValue v && v.TryGetValue<string>(out var single) && single.Length > 0) values.Add(single);
            if (props[many] is JsonArray list) values.AddRange(list.Select(n => (string?)n ?? "").Where(x => x.Length > 0));
            props.Remove(one);
            props.Remove(many);
            props[many] = new JsonArray([.. values.Select(x => (JsonNode)JsonValue.Create(x)!)]);
        }
        foreach (var empty in props.Where(kv => kv.Value is null || kv.Value is JsonArray { Count: 0 } && !Pairs.Any(p => p.Many == kv.Key)).Select(kv => kv.Key).ToList())
            props.Remove(empty);
        return props;
    }
}
