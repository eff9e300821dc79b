using JitDashboard.Platform.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace JitDashboard.Hosting;

/// <summary>Counts open circuits.</summary>
internal sealed class CircuitTelemetryHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        DashboardTelemetry.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        DashboardTelemetry.CircuitClosed();
        return Task.CompletedTask;
    }
}
