using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace JitDashboard.Platform.Estate.Exposure;

/// <summary>
/// Decides, per management port, whether the Internet reaches a VM, and why.
/// Semantics: DESIGN.md "Exposure semantics", after the NSG docs
/// (learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works): inbound traffic is evaluated by
/// the subnet's NSG, then the NIC's; both must allow it; within an NSG the lowest priority number that matches decides.
/// </summary>
public static partial class ExposureEvaluator
{
    /// <summary>SSH, RDP and WinRM over HTTP and HTTPS, as Defender for Cloud recommends for JIT.</summary>
    public static readonly IReadOnlyList<int> DefaultManagementPorts = [22, 3389, 5985, 5986];

    /// <summary>
    /// The three inbound default rules every NSG has (network-security-groups-overview.md, "Default security rules").
    /// They cannot be removed, so they are assumed when an NSG's answer omits them.
    /// </summary>
    public static readonly IReadOnlyList<NsgRule> DefaultInboundRules =
    [
        new("AllowVnetInBound", 65000, RuleAccess.Allow, "*", ["VirtualNetwork"], ["*"], ["VirtualNetwork"], IsDefault: true),
        new("AllowAzureLoadBalancerInBound", 65001, RuleAccess.Allow, "*", ["AzureLoadBalancer"], ["*"], ["*"], IsDefault: true),
        new("DenyAllInBound", 65500, RuleAccess.Deny, "*", ["*"], ["*"], ["*"], IsDefault: true),
    ];

    public static IReadOnlyList<PortDecision> Evaluate(IEnumerable<NicInput> nics, IEnumerable<int>? ports = null)
    {
        var nicList = nics.ToList();
        return (ports ?? DefaultManagementPorts).Select(port => EvaluatePort(nicList, port)).ToList();
    }

    /// <summary>Every door from the Internet to the VM for one port (see ExposureEvaluator.Paths.cs).</summary>
    public static PortDecision EvaluatePort(IReadOnlyList<NicInput> nics, int port) => EvaluateAllPaths(nics, port);

    /// <summary>Walks one NSG's inbound rules by priority; records the rules that touch Internet traffic to this port.</summary>
    private static SourceSet EvaluateNsg(NsgLevel level, NsgInput nsg, int port, IPAddress? privateIp, IReadOnlySet<string> asgs, List<RuleStep> steps)
    {
        var decided = new List<AddressPrefix>(); // sources already matched by an earlier rule: later rules never see them
        var allowed = new List<AddressPrefix>();
        var denied = new List<AddressPrefix>();
        foreach (var prepared in Prepare(nsg))
        {
            var rule = prepared.Rule;
            if (!prepared.TcpOrAny || !MatchesPort(rule.DestinationPorts, port) || !MatchesDestination(prepared, privateIp, asgs))
            {
                continue;
            }

            var prefixes = prepared.InternetSources;
            if (prefixes.Count == 0) continue; // e.g. VirtualNetwork or AzureLoadBalancer: not the Internet

            if (prepared.AnyInternet)
            {
                steps.Add(new RuleStep(level, nsg.Name, rule.Name, rule.Priority, rule.Access, rule.SourcePrefixes, rule.IsDefault, Decisive: true));
                // First match decides: whatever an earlier rule did not decide is now decided by this one.
                return rule.Access == RuleAccess.Allow ? SourceSet.AnyExcept(denied) : SourceSet.Only(allowed);
            }

            var fresh = prefixes.Where(p => !decided.Any(d => d.Contains(p))).ToList();
            if (fresh.Count == 0) continue; // shadowed by earlier rules
            steps.Add(new RuleStep(level, nsg.Name, rule.Name, rule.Priority, rule.Access, fresh.Select(p => p.Text).ToList(), rule.IsDefault, Decisive: rule.Access == RuleAccess.Allow));
            (rule.Access == RuleAccess.Allow ? allowed : denied).AddRange(fresh);
            decided.AddRange(fresh);
        }
        return SourceSet.Only(allowed);
    }

    /// <summary>A rule with its prefixes parsed once: one NSG serves many VMs and ports.</summary>
    private sealed record PreparedRule(NsgRule Rule, bool TcpOrAny, IReadOnlyList<AddressPrefix> InternetSources, bool AnyInternet, IReadOnlyList<AddressPrefix> Destinations);

    private static readonly ConditionalWeakTable<NsgInput, PreparedRule[]> PreparedNsgs = [];

    private static PreparedRule[] Prepare(NsgInput nsg) => PreparedNsgs.GetValue(nsg, static n =>
        n.InboundRules.Concat(DefaultInboundRules.Where(d => !n.InboundRules.Any(r => r.IsDefault && r.Name == d.Name)))
            .OrderBy(r => r.Priority)
            .Select(r =>
            {
                // A source application security group holds NICs of the VNet, never an Internet address (application-security-groups.md).
                // Arrays, not lists: every NSG's rules are prepared once and kept while the NSG is (issue 18).
                AddressPrefix[] sources = r.SourceAsgs.Count > 0 ? [] : r.SourcePrefixes.Select(AddressPrefix.Parse).Where(p => !p.IsNonInternet).ToArray();
                // An allow from AzureCloud admits every Azure tenant: anyone can rent an address there (service-tags-overview.md).
                var any = sources.Any(p => p.IsAnyInternet || (r.Access == RuleAccess.Allow && IsAzureCloud(p)));
                return new PreparedRule(r, MatchesProtocol(r.Protocol), sources, any, r.DestinationPrefixes.Select(AddressPrefix.Parse).ToArray());
            })
            .ToArray());

    private static bool MatchesProtocol(string protocol) =>
        protocol is "*" || protocol.Equals("Tcp", StringComparison.OrdinalIgnoreCase) || protocol.Equals("Any", StringComparison.OrdinalIgnoreCase);

    /// <summary>`*`, a single port, a range `a-b`, any entry of a list.</summary>
    public static bool MatchesPort(IReadOnlyList<string> ranges, int port) => ranges.Any(range =>
    {
        var text = range.Trim();
        if (text is "*") return true;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var single) && single == port;
        return int.TryParse(text.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(text.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && low <= port && port <= high;
    });

    /// <summary>
    /// A rule whose destination is application security groups applies only to member ip configurations
    /// (learn.microsoft.com/azure/virtual-network/application-security-groups); otherwise its prefixes decide.
    /// </summary>
    private static bool MatchesDestination(PreparedRule rule, IPAddress? privateIp, IReadOnlySet<string> asgs) =>
        rule.Rule.DestinationAsgs.Count > 0
            ? rule.Rule.DestinationAsgs.Any(asgs.Contains)
            : MatchesDestination(rule.Destinations, privateIp);

    /// <summary>Inbound rules see the private IP after translation; VirtualNetwork contains it.</summary>
    private static bool MatchesDestination(IReadOnlyList<AddressPrefix> prefixes, IPAddress? privateIp)
    {
        foreach (var prefix in prefixes)
        {
            if (prefix.IsAnyInternet || prefix.Text.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) return true;
            if (privateIp is not null && prefix.Network is { } network && network.BaseAddress.AddressFamily == privateIp.AddressFamily && network.Contains(privateIp)) return true;
        }
        return false;
    }

    private static string Explain(PortExposure exposure, IReadOnlyList<string> sources, IReadOnlyList<RuleStep> steps)
    {
        var decisive = steps.LastOrDefault(s => s.Decisive && (exposure == PortExposure.Closed ? s.Access == RuleAccess.Deny : s.Access == RuleAccess.Allow))
            ?? (steps.Count > 0 ? steps[^1] : null);
        var where = decisive is null ? "" : $" by rule '{decisive.RuleName}' (priority {decisive.Priority}) of NSG '{decisive.NsgName}' ({(decisive.Level == NsgLevel.Subnet ? "subnet" : "NIC")})";
        return exposure switch
        {
            PortExposure.Open => $"Open to any Internet address{where}.",
            PortExposure.Restricted => $"Restricted to {string.Join(", ", sources)}{where}.",
            _ => $"Closed{where}.",
        };
    }

    /// <summary>Internet sources that get through: any address but some, or only some.</summary>
    private sealed record SourceSet(bool IsOpen, IReadOnlyList<AddressPrefix> Prefixes)
    {
        public static SourceSet AnyExcept(IReadOnlyList<AddressPrefix> except) => new(true, except.ToList());

        public static SourceSet Only(IReadOnlyList<AddressPrefix> prefixes) => new(false, prefixes.ToList());

        /// <summary>Both levels must allow a source. For an open set, Prefixes are the exceptions.</summary>
        public SourceSet Intersect(SourceSet other)
        {
            if (IsOpen && other.IsOpen) return AnyExcept(Prefixes.Concat(other.Prefixes).ToList());
            if (IsOpen) return Only(other.Prefixes.Where(p => !Prefixes.Any(x => x.Contains(p))).ToList());
            if (other.IsOpen) return other.Intersect(this);
            // Two CIDR blocks are nested or disjoint: their intersection is the smaller one, or nothing.
            var both = new List<AddressPrefix>();
            foreach (var a in Prefixes)
            {
                foreach (var b in other.Prefixes)
                {
                    if (a.Contains(b)) both.Add(b);
                    else if (b.Contains(a)) both.Add(a);
                    else if (a.IsTag != b.IsTag) both.Add(a.IsTag ? b : a); // a tag's addresses are unknown here: assume overlap, the safer report
                }
            }
            return Only(both);
        }
    }
}
