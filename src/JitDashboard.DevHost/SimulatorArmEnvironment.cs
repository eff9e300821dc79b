using System.Security.Cryptography.X509Certificates;
using JitDashboard.Platform.Arm;
using JitDashboard.Simulator;
using Microsoft.Extensions.Options;

namespace JitDashboard.DevHost;

/// <summary>
/// The simulator as the app's stand-in for Azure: started inside the process on a loopback HTTPS port with a
/// certificate made at start (the default), or a standalone one at <c>Simulator:Url</c> whose certificate is
/// <c>Simulator:CertificateFile</c>. The app asks for it once at start-up in <c>Mode=Simulator</c>; the embedded
/// simulator is disposed on shutdown. Tests reach the simulator through this service.
/// </summary>
public sealed class SimulatorArmEnvironment(IOptions<SimulatorSettings> settings) : IArmEnvironmentProvider, IAsyncDisposable
{
    private HostedArmEnvironment? _environment;

    /// <summary>The simulator running inside the process, when there is one (tests reach its state and request log here).</summary>
    public SimulatorHost? Embedded { get; private set; }

    /// <summary>The simulator's address, once started.</summary>
    public Uri? BaseUri => _environment?.ArmEndpoint;

    /// <summary>The certificate the simulator serves, once started.</summary>
    public X509Certificate2? Certificate => _environment?.TrustedCertificate;

    public async Task<HostedArmEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        if (_environment is not null)
            return _environment;

        var sim = settings.Value;
        Uri baseUri;
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(sim.Url))
        {
            baseUri = new Uri(sim.Url);
            certificate = TrustedCertificateHandler.LoadCertificateFile(sim.CertificateFile!);
        }
        else
        {
            Embedded = await SimulatorHost.StartAsync(
                new SimulatorOptions
                {
                    Url = "https://127.0.0.1:0",
                    EstateFile = string.IsNullOrWhiteSpace(sim.Estate) ? null : sim.Estate,
                    Generate = string.IsNullOrWhiteSpace(sim.Generate) ? null : sim.Generate,
                },
                cancellationToken);
            baseUri = Embedded.BaseUri;
            certificate = Embedded.Certificate;
        }

        _environment = new HostedArmEnvironment("simulator", baseUri, certificate, SimulatorCredential.Authority(baseUri));
        return _environment;
    }

    /// <summary>A client for the simulator (ARM and its control API), trusting exactly its certificate.</summary>
#pragma warning disable CA2000 // The HttpClient owns (and disposes) its handler.
    public HttpClient CreateClient()
        => new(SimulatorHost.CreateTrustingHandler(Certificate ?? throw new InvalidOperationException("The simulator has not started (Mode is not Simulator?).")))
        {
            BaseAddress = BaseUri,
        };
#pragma warning restore CA2000

    public async ValueTask DisposeAsync()
    {
        if (Embedded is not null)
        {
            await Embedded.DisposeAsync();
            Embedded = null;
        }
    }
}
