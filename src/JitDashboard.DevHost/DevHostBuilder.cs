using JitDashboard.Platform.Arm;
using JitDashboard.Hosting;

namespace JitDashboard.DevHost;

/// <summary>
/// What the DevHost adds to the production app's composition: the simulator as the app's stand-in for Azure
/// (<see cref="IArmEnvironmentProvider"/>, which also makes <c>Mode=Simulator</c> the default), its <c>Simulator</c>
/// settings and their checks. Call it before <see cref="JitDashboardApp.AddJitDashboard"/>; tests and benchmarks
/// start the app through <see cref="DevHostProgram"/>, so they get exactly this.
/// </summary>
public static class DevHostBuilder
{
    public static WebApplicationBuilder Configure(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var baseDirectories = SettingsExtensions.BaseDirectories(builder);
        services.AddOptions<SimulatorSettings>()
            .BindConfiguration(SimulatorSettings.SectionName)
            .PostConfigure(o =>
            {
                o.CertificateFile = SettingsExtensions.ResolvePath(o.CertificateFile, baseDirectories);
                o.Estate = SettingsExtensions.ResolvePath(o.Estate, baseDirectories);
            });
        services.AddSingleton<SimulatorArmEnvironment>();
        services.AddSingleton<IArmEnvironmentProvider>(sp => sp.GetRequiredService<SimulatorArmEnvironment>());
        services.AddSingleton<IJitDashboardSettingsCheck, SimulatorSettingsCheck>();
        return builder;
    }
}
