using JitDashboard.Platform.Estate;
using System.Globalization;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The Machines page's quick filters and search. Pure, so the URL (<c>/machines?exposed=true&amp;jit=NotConfigured&amp;
/// subscription=...&amp;os=Linux&amp;q=web</c>), the page and other pages linking to it agree on one meaning.
/// All conditions combine with AND.
/// </summary>
public sealed record MachinesFilter(bool ExposedOnly = false, JitStatus? Jit = null, string? Subscription = null, string? Os = null, string? Search = null)
{
    public static MachinesFilter None { get; } = new();

    /// <summary>Only VMs whose management ports are reachable from some Internet sources but not all (<c>restricted=true</c>).</summary>
    public bool RestrictedOnly { get; init; }

    /// <summary>Only VMs with a port Open while Defender's "management ports should be closed" says Healthy (<c>missed=true</c>).</summary>
    public bool MissedByDefenderOnly { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>Reads a query string (with or without the leading '?'); unknown or malformed values are ignored.</summary>
    public static MachinesFilter Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
            return None;
        var values = QueryHelpers.ParseQuery(query.StartsWith('?') ? query : "?" + query);
        string? Get(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        var exposed = Get("exposed") is { } e && (e.Equals("true", StringComparison.OrdinalIgnoreCase) || e == "1");
        JitStatus? jit = Enum.TryParse<JitStatus>(Get("jit"), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;
        var restricted = Get("restricted") is { } r && (r.Equals("true", StringComparison.OrdinalIgnoreCase) || r == "1");
        var missed = Get("missed") is { } ms && (ms.Equals("true", StringComparison.OrdinalIgnoreCase) || ms == "1");
        return new MachinesFilter(exposed, jit, Get("subscription"), NormaliseOs(Get("os")), Get("q")) { RestrictedOnly = restricted, MissedByDefenderOnly = missed };
    }

    /// <summary>The query string for this filter, with a leading '?', or "" when nothing is filtered.</summary>
    public string ToQueryString()
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (ExposedOnly) pairs.Add(new("exposed", "true"));
        if (RestrictedOnly) pairs.Add(new("restricted", "true"));
        if (MissedByDefenderOnly) pairs.Add(new("missed", "true"));
        if (Jit is { } jit) pairs.Add(new("jit", jit.ToString()));
        if (!string.IsNullOrWhiteSpace(Subscription)) pairs.Add(new("subscription", Subscription.Trim()));
        if (!string.IsNullOrWhiteSpace(Os)) pairs.Add(new("os", Os.Trim()));
        if (!string.IsNullOrWhiteSpace(Search)) pairs.Add(new("q", Search.Trim()));
        return pairs.Count == 0 ? "" : QueryString.Create(pairs).ToUriComponent();
    }

    /// <summary>The machines that pass every condition, in their original order.</summary>
    public IReadOnlyList<EstateMachine> Apply(IReadOnlyList<EstateMachine> machines)
    {
        if (IsEmpty)
            return machines;
        var result = new List<EstateMachine>();
        foreach (var machine in machines)
        {
            if (Matches(machine))
                result.Add(machine);
        }
        return result;
    }

    public bool Matches(EstateMachine machine)
    {
        if (ExposedOnly && !machine.Facts.Exposed)
            return false;
        if (RestrictedOnly && !machine.Facts.Restricted)
            return false;
        if (MissedByDefenderOnly && !machine.Facts.MissedByDefender)
            return false;
        if (Jit is { } jit && machine.Facts.JitStatus != jit)
            return false;
        // A subscription is named by id (what the page writes) or by display name (what a person types).
        if (!string.IsNullOrWhiteSpace(Subscription)
            && !Subscription.Trim().Equals(machine.SubscriptionId, StringComparison.OrdinalIgnoreCase)
            && !Subscription.Trim().Equals(machine.SubscriptionName, StringComparison.OrdinalIgnoreCase))
            return false;
        if (!string.IsNullOrWhiteSpace(Os) && !Os.Trim().Equals(machine.OsType, StringComparison.OrdinalIgnoreCase))
            return false;
        return string.IsNullOrWhiteSpace(Search) || MatchesSearch(machine, Search.Trim());
    }

    private static bool MatchesSearch(EstateMachine m, string search)
    {
        if (Has(m.Name) || Has(m.ResourceGroup) || Has(m.SubscriptionName) || Has(m.Location) || Has(m.OsType) || Has(m.PowerState))
            return true;
        foreach (var nic in m.Facts.Nics)
        {
            if (Has(nic.PrivateIpAddress) || Has(nic.PublicIpAddress))
                return true;
        }
        return false;

        bool Has(string? value) => value is not null && value.Contains(search, StringComparison.OrdinalIgnoreCase);
    }

    // ARM spells it "Linux"/"Windows"; the URL may not.
    private static string? NormaliseOs(string? os) => os?.ToLowerInvariant() switch
    {
        null => null,
        "linux" => "Linux",
        "windows" => "Windows",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(os),
    };
}
