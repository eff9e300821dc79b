using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Defender;

/// <summary>One ip configuration of a VM with what lies on its inbound path.</summary>
public sealed record VmPath(string? PrivateIp, JsonObject? PublicIp, JsonObject? SubnetNsg, JsonObject? NicNsg, bool Primary)
{
    /// <summary>Application security groups (lower-case ids) the ip configuration is a member of.</summary>
    public IReadOnlySet<string> Asgs { get; init; } = new HashSet<string>();
}
