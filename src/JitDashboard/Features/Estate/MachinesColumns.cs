namespace JitDashboard.Features.Estate;

/// <summary>The Machines grid's columns a user may hide (the name always stays).</summary>
public static class MachinesColumns
{
    public const string Subscription = "subscription";
    public const string ResourceGroup = "resourceGroup";
    public const string Region = "region";
    public const string Os = "os";
    public const string Power = "power";
    public const string PublicIp = "publicIp";
    public const string Ports = "ports";
    public const string Jit = "jit";
    public const string Recommendations = "recommendations";
    public const string Impact = "impact";

    public static IReadOnlyList<(string Key, string Title)> Hideable { get; } =
    [
        (Subscription, "Subscription"), (ResourceGroup, "Resource group"), (Region, "Region"), (Os, "OS"), (Power, "Power state"),
        (PublicIp, "Public IP"), (Ports, "Ports"), (Jit, "JIT"), (Recommendations, "Recommendations"), (Impact, "Impact"),
    ];
}
