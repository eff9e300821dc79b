using System.Collections.Concurrent;
using System.Text;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// What the estate keeps of an ARM list, cut to what the evaluator and the event patches read (issue 18). A security
/// rule's id and etag are a long unique string each and nothing reads them from the inventory (writes re-read the NSG);
/// the six default rules are the same in nearly every NSG and are kept once; of Defender's assessments only the two the
/// JIT control is made of are read, without their ids, links and additional data.
/// </summary>
public static class InventoryCompaction
{
    private const int Cap = 1024;
    private static readonly ConcurrentDictionary<string, SecurityRule> DefaultRules = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, IReadOnlyList<SecurityRule>> DefaultRuleLists = new(StringComparer.Ordinal);

    public static NetworkSecurityGroup Compact(NetworkSecurityGroup nsg)
    {
        ArgumentNullException.ThrowIfNull(nsg);
        var properties = nsg.Properties;
        var rules = new SecurityRule[properties.SecurityRules.Count];
        for (var i = 0; i < rules.Length; i++)
            rules[i] = properties.SecurityRules[i] with { Id = null, Etag = null };
        return nsg with
        {
            Properties = properties with
            {
                SecurityRules = rules.Length == 0 ? [] : rules,
                DefaultSecurityRules = properties.DefaultSecurityRules is null ? null : Defaults(properties.DefaultSecurityRules),
            },
        };
    }

    /// <summary>The assessments the evaluator reads (JIT and "management ports should be closed"), each cut to its key, VM and status.</summary>
    public static IReadOnlyList<Assessment> Compact(IReadOnlyList<Assessment> assessments)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var kept = new List<Assessment>();
        foreach (var assessment in assessments)
        {
            if (!string.Equals(assessment.Name, Assessment.JitKey, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(assessment.Name, Assessment.ManagementPortsClosedKey, StringComparison.OrdinalIgnoreCase)) continue;
            kept.Add(assessment with
            {
                Id = null,
                Properties = assessment.Properties with { AdditionalData = null, Links = null, DisplayName = null },
            });
        }
        return kept.Count == 0 ? [] : kept.ToArray();
    }

    private static IReadOnlyList<SecurityRule> Defaults(IReadOnlyList<SecurityRule> rules)
    {
        if (rules.Count == 0) return [];
        var shared = new SecurityRule[rules.Count];
        var listKey = new StringBuilder();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] with { Id = null, Etag = null };
            var key = KeyOf(rule);
            shared[i] = DefaultRules.TryGetValue(key, out var known) ? known
                : DefaultRules.Count < Cap ? DefaultRules.GetOrAdd(key, rule) : rule;
            listKey.Append(key).Append('\u001e');
        }
        var text = listKey.ToString();
        if (DefaultRuleLists.TryGetValue(text, out var list)) return list;
        return DefaultRuleLists.Count < Cap ? DefaultRuleLists.GetOrAdd(text, shared) : shared;
    }

    // Everything that tells two rules apart once id and etag are gone.
    private static string KeyOf(SecurityRule rule)
    {
        var p = rule.Properties;
        static string Join(IReadOnlyList<string>? list) => list is null ? "\u0000" : string.Join('\u001f', list);
        static string Refs(IReadOnlyList<ResourceReference>? list) => list is null ? "\u0000" : string.Join('\u001f', list.Select(r => r.Id));
        return string.Join('\u001d', rule.Name, rule.Type, p.Description, p.Protocol, p.SourcePortRange, Join(p.SourcePortRanges),
            p.DestinationPortRange, Join(p.DestinationPortRanges), p.SourceAddressPrefix, Join(p.SourceAddressPrefixes),
            p.DestinationAddressPrefix, Join(p.DestinationAddressPrefixes), Refs(p.SourceApplicationSecurityGroups),
            Refs(p.DestinationApplicationSecurityGroups), p.Access, p.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            p.Direction, p.ProvisioningState);
    }
}
