namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>A NIC ip configuration as the detail drawer shows it.</summary>
public sealed record NicView(
    string NetworkInterface,
    string IpConfiguration,
    string? PrivateIpAddress,
    string? PublicIpAddress,
    string? PublicIpSku,
    string? Subnet,
    string? SubnetNsg,
    string? NicNsg)
{
    /// <summary>ARM ids behind the names (closing a custom rule needs the NSG it lives in).</summary>
    public string? SubnetId { get; init; }

    public string? SubnetNsgId { get; init; }

    public string? NicNsgId { get; init; }
}
