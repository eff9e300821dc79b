using System.Text.Json.Serialization;

namespace JitDashboard.Features.Machines;

/// <summary>One door to the VM for one port, with every hop from the Internet to the NIC; one hop is <c>decisive</c>.</summary>
public sealed record MachinePath(string NetworkInterface, string IpConfiguration, string? PublicIpAddress, string Exposure, string Reason, IReadOnlyList<MachineRuleStep> Rules)
{
    [System.ComponentModel.Description("PublicIp, LoadBalancerNat, LoadBalancerRule or FirewallDnat.")]
    public string Kind { get; init; } = "PublicIp";

    [System.ComponentModel.Description("Every hop in order: Door (public IP, load balancer frontend and rule, firewall DNAT rule), AdminRule (AVNM, before NSGs), NsgRule (subnet, then NIC), Default (no NSG). The one with decisive=true decided.")]
    public IReadOnlyList<MachinePathHop> Hops { get; init; } = [];

    [System.ComponentModel.Description("Why JIT cannot close this path (an AVNM AlwaysAllow admin rule; a Firewall Policy DNAT rule); absent when JIT's deny rules can.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JitCannotProtect { get; init; }
}
