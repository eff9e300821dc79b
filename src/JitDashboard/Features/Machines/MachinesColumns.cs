using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The Machines grid's columns in display order (issue 19: the ones an operator came for first), the ones a user may
/// hide (the name always stays), and each column's sort key, so a remembered sort can be put back.
/// </summary>
public static class MachinesColumns
{
    public const string Name = "name";
    public const string Ports = "ports";
    public const string Jit = "jit";
    public const string Recommendations = "recommendations";
    public const string Impact = "impact";
    public const string Subscription = "subscription";
    public const string ResourceGroup = "resourceGroup";
    public const string Region = "region";
    public const string Os = "os";
    public const string Power = "power";
    public const string PublicIp = "publicIp";

    public static IReadOnlyList<(string Key, string Title)> Hideable { get; } =
    [
        (Ports, "Ports"), (Jit, "JIT"), (Recommendations, "Recommendations"), (Impact, "Impact"),
        (Subscription, "Subscription"), (ResourceGroup, "Resource group"), (Region, "Region"), (Os, "OS"), (Power, "Power state"),
        (PublicIp, "Public IP"),
    ];

    /// <summary>Column title (as the grid shows it) to key.</summary>
    public static IReadOnlyDictionary<string, string> KeyByTitle { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Name"] = Name, ["Ports"] = Ports, ["JIT"] = Jit, ["Recommendations"] = Recommendations, ["Impact"] = Impact,
        ["Subscription"] = Subscription, ["Resource group"] = ResourceGroup, ["Region"] = Region, ["OS"] = Os,
        ["Power state"] = Power, ["Public IP"] = PublicIp,
    };

    /// <summary>What each column sorts by.</summary>
    public static IReadOnlyDictionary<string, Func<EstateMachine, object>> SortKeys { get; } = new Dictionary<string, Func<EstateMachine, object>>(StringComparer.Ordinal)
    {
        [Name] = m => m.Name,
        [Ports] = m => MachinesPage.ExposureRank(m),
        [Jit] = m => m.Facts.JitStatus,
        [Recommendations] = m => m.Facts.UnhealthyInControl,
        // Unknown (null) sorts below every known impact.
        [Impact] = m => m.Facts.SecureScoreImpact ?? -1,
        [Subscription] = m => m.SubscriptionName ?? "",
        [ResourceGroup] = m => m.ResourceGroup ?? "",
        [Region] = m => m.Location ?? "",
        [Os] = m => m.OsType ?? "",
        [Power] = m => m.PowerState ?? "",
        [PublicIp] = m => (m.Facts.Nics.Count == 0 ? null : m.Facts.Nics[0].PublicIpAddress) ?? "",
    };
}
