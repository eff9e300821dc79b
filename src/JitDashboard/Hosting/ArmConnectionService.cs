using JitDashboard.Azure;
using JitDashboard.Configuration;
using JitDashboard.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>
/// Resolves the ARM endpoint at start-up, starting the embedded simulator when simulator mode has no
/// <c>Simulator:Url</c>. Registered before every other hosted service, so the endpoint is known before any
/// ARM call; the simulator is disposed on shutdown.
/// </summary>
internal sealed partial class ArmConnectionService(
    ArmConnection connection,
    IOptions<DashboardOptions> dashboard,
    IOptions<SimulatorSettings> simulator,
    IOptions<ArmOptions> arm,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<ArmConnectionService> logger) : IHostedService, IAsyncDisposable
{
    private SimulatorHost? _embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var armOptions = arm.Value;
        Uri? simulatorUri = null;
        System.Security.Cryptography.X509Certificates.X509Certificate2? simulatorCertificate = null;

        if (dashboard.Value.Mode == DashboardMode.Simulator)
        {
            var sim = simulator.Value;
            if (!string.IsNullOrWhiteSpace(sim.Url))
            {
                simulatorUri = new Uri(sim.Url);
                simulatorCertificate = TrustedCertificateHandler.LoadCertificateFile(sim.CertificateFile!);
            }
            else
            {
                _embedded = await SimulatorHost.StartAsync(
                    new SimulatorOptions
                    {
                        Url = "https://127.0.0.1:0",
                        EstateFile = string.IsNullOrWhiteSpace(sim.Estate) ? null : sim.Estate,
                        Generate = string.IsNullOrWhiteSpace(sim.Generate) ? null : sim.Generate,
                    },
                    cancellationToken);
                simulatorUri = _embedded.BaseUri;
                simulatorCertificate = _embedded.Certificate;
            }
        }

        Uri endpoint;
        System.Security.Cryptography.X509Certificates.X509Certificate2? trusted;
        if (!string.IsNullOrWhiteSpace(armOptions.Endpoint))
        {
            // Arm:Endpoint overrides the ARM endpoint alone, in either mode.
            endpoint = new Uri(armOptions.Endpoint);
            trusted = string.IsNullOrWhiteSpace(armOptions.CertificateFile) ? null : TrustedCertificateHandler.LoadCertificateFile(armOptions.CertificateFile);
        }
        else if (simulatorUri is not null)
        {
            endpoint = simulatorUri;
            trusted = simulatorCertificate;
        }
        else
        {
            endpoint = ArmOptions.PublicCloudEndpoint;
            trusted = null;
        }

        var audience = !string.IsNullOrWhiteSpace(armOptions.Audience) ? armOptions.Audience
            : endpoint == ArmOptions.PublicCloudEndpoint ? "https://management.azure.com/"
            : endpoint.GetLeftPart(UriPartial.Authority) + "/";

        connection.Resolve(new ResolvedArmConnection(endpoint, audience, trusted, simulatorUri, simulatorCertificate, _embedded));
        LogArm(logger, dashboard.Value.Mode, endpoint, simulatorUri);

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

        if (resolved.SimulatorUri is not null)
            Console.WriteLine($"JitDashboard: simulator at {resolved.SimulatorUri}");
        Console.WriteLine($"JitDashboard: ARM endpoint {resolved.Endpoint}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
            _embedded = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mode {Mode}: ARM endpoint {Endpoint}, simulator {Simulator}")]
    private static partial void LogArm(ILogger logger, DashboardMode mode, Uri endpoint, Uri? simulator);

    [LoggerMessage(Level = LogLevel.Information, Message = "JitDashboard listening on {Address}")]
    private static partial void LogListening(ILogger logger, string address);
}
