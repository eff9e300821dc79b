using JitDashboard.Platform.Arm;
using JitDashboard.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Resolves the ARM endpoint at start-up. In <c>Mode=Simulator</c> it asks the host's
/// <see cref="IArmEnvironmentProvider"/> (the DevHost starts its embedded simulator there); in Azure mode the endpoint
/// comes from settings. Registered before every other hosted service, so the endpoint is known before any ARM call.
/// </summary>
internal sealed partial class ArmConnectionService(
    ArmConnection connection,
    IOptions<DashboardOptions> dashboard,
    IOptions<ArmOptions> arm,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ArmConnectionService> logger,
    IArmEnvironmentProvider? environmentProvider = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var armOptions = arm.Value;
        HostedArmEnvironment? hosted = null;

        if (dashboard.Value.Mode == DashboardMode.Simulator)
        {
            // The settings validator refuses this case first, naming Mode; this guards hosts that skip validation.
            if (environmentProvider is null)
                throw new InvalidOperationException(JitDashboardSettingsValidator.SimulatorModeWithoutHostMessage);
            hosted = await environmentProvider.StartAsync(cancellationToken);
        }

        Uri endpoint;
        System.Security.Cryptography.X509Certificates.X509Certificate2? trusted;
        if (!string.IsNullOrWhiteSpace(armOptions.Endpoint))
        {
            // Arm:Endpoint overrides the ARM endpoint alone, in either mode.
            endpoint = new Uri(armOptions.Endpoint);
#pragma warning disable CA2000 // The certificate lives as long as the connection that pins it (the app's lifetime).
            trusted = string.IsNullOrWhiteSpace(armOptions.CertificateFile) ? null : TrustedCertificateHandler.LoadCertificateFile(armOptions.CertificateFile);
#pragma warning restore CA2000
        }
        else if (hosted is not null)
        {
            endpoint = hosted.ArmEndpoint;
            trusted = hosted.TrustedCertificate;
        }
        else
        {
            endpoint = ArmOptions.PublicCloudEndpoint;
            trusted = null;
        }

        var audience = !string.IsNullOrWhiteSpace(armOptions.Audience) ? armOptions.Audience
            : endpoint == ArmOptions.PublicCloudEndpoint ? "https://management.azure.com/"
            : endpoint.GetLeftPart(UriPartial.Authority) + "/";

        connection.Resolve(new ResolvedArmConnection(endpoint, audience, trusted, hosted));
        LogArm(logger, dashboard.Value.Mode, endpoint, hosted?.Name ?? "none", hosted?.Identity.Instance);

        // The listening addresses are known only once the server has started.
        lifetime.ApplicationStarted.Register(PrintAddresses);
    }

    private void PrintAddresses()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var resolved = connection.Current;
        foreach (var address in addresses)
        {
            LogListening(logger, address);
            Console.WriteLine($"JitDashboard: listening on {address}");
        }

        if (resolved.Hosted is { } hosted)
            Console.WriteLine($"JitDashboard: {hosted.Name} at {hosted.Identity.Instance}");
        Console.WriteLine($"JitDashboard: ARM endpoint {resolved.Endpoint}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Mode {Mode}: ARM endpoint {Endpoint}, stand-in {Hosted} at {Authority}")]
    private static partial void LogArm(ILogger logger, DashboardMode mode, Uri endpoint, string hosted, Uri? authority);

    [LoggerMessage(Level = LogLevel.Information, Message = "JitDashboard listening on {Address}")]
    private static partial void LogListening(ILogger logger, string address);
}
