using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.Components;

namespace JitDashboard.Features.Machines;

public sealed partial class PortChips
{
    [Parameter, EditorRequired] public IReadOnlyList<PortDecision> Ports { get; set; } = [];

    internal static string ViaShort(PathKind kind) => kind switch
    {
        PathKind.LoadBalancerNat => "NAT",
        PathKind.LoadBalancerRule => "LB",
        PathKind.FirewallDnat => "FW",
        _ => "IP",
    };

    internal static string ViaTitle(int port, PathKind kind) => kind switch
    {
        PathKind.LoadBalancerNat => $"Port {port} reachable through a public load balancer NAT rule",
        PathKind.LoadBalancerRule => $"Port {port} reachable through a public load-balancing rule",
        PathKind.FirewallDnat => $"Port {port} reachable through an Azure Firewall DNAT rule",
        _ => $"Port {port} reachable through the VM's public IP",
    };

    private static string Label(PortDecision port) => port.Exposure switch
    {
        PortExposure.Open => $"Port {port.Port} open to the Internet",
        PortExposure.Restricted => $"Port {port.Port} restricted to {string.Join(", ", port.Sources)}",
        PortExposure.Unknown => $"Port {port.Port} exposure unknown: {port.Reason}",
        _ => $"Port {port.Port} closed",
    };
}
