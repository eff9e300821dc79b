using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Features.Machines;

public static class MachinesExtensions
{
    /// <summary>The machines feature's services: Verify with Azure.</summary>
    public static WebApplicationBuilder AddMachines(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<IMachineVerifier, MachineVerifier>();
        return builder;
    }
}
