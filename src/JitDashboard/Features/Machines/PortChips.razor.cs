using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.Components;

namespace JitDashboard.Features.Machines;

public sealed partial class PortChips
{
    [Parameter, EditorRequired] public IReadOnlyList<PortDecision> Ports { get; set; } = [];

    private static string Label(PortDecision port) => port.Exposure switch
    {
        PortExposure.Open => $"Port {port.Port} open to the Internet",
        PortExposure.Restricted => $"Port {port.Port} restricted to {string.Join(", ", port.Sources)}",
        PortExposure.Unknown => $"Port {port.Port} exposure unknown: {port.Reason}",
        _ => $"Port {port.Port} closed",
    };
}
