using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Arm;
using JitDashboard.Simulator.Control;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.Estate;
using JitDashboard.Simulator.Identity;
using JitDashboard.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitDashboard.Simulator;

/// <summary>Options for starting a simulator, embedded or standalone.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Where to listen; must be an https loopback address. Port 0 picks a free port.</summary>
    public string Url { get; set; } = "https://127.0.0.1:0";

    /// <summary>An estate file (public contract 1) to load; when null and <see cref="Generate"/> is null the built-in demo estate is used.</summary>
    public string? EstateFile { get; set; }

    /// <summary>A generator spec such as <c>vms=100,subscriptions=3,seed=1</c>.</summary>
    public string? Generate { get; set; }

    /// <summary>Where to write the PEM of the certificate served, if anywhere.</summary>
    public string? CertificateOut { get; set; }

    /// <summary>Items per page on list operations before a nextLink is emitted.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Latency added to every ARM answer (also settable with PUT /_simulator/latency).</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Whether the per-subscription token buckets are enforced.</summary>
    public bool Throttling { get; set; } = true;

    /// <summary>Read bucket size per subscription (ARM: 250).</summary>
    public int ReadBucketCapacity { get; set; } = 250;

    /// <summary>Read tokens added per second (ARM: 25).</summary>
    public double ReadRefillPerSecond { get; set; } = 25;

    /// <summary>Write bucket size per subscription (ARM: 200); PUT, POST, PATCH and DELETE.</summary>
    public int WriteBucketCapacity { get; set; } = 200;

    /// <summary>Write tokens added per second (ARM: 10).</summary>
    public double WriteRefillPerSecond { get; set; } = 10;

    /// <summary>Compute's "high cost" bucket for VM list and get calls per subscription (HighCostGet30Min: 900).</summary>
    public int HighCostBucketCapacity { get; set; } = 900;

    /// <summary>High-cost tokens added per second (300 a minute).</summary>
    public double HighCostRefillPerSecond { get; set; } = 5;

    /// <summary>Microsoft.Network reads per subscription per 5 minutes (10000); refilled evenly over the 5 minutes.</summary>
    public int NetworkReadBucketCapacity { get; set; } = 10000;

    /// <summary>Microsoft.Network writes per subscription per 5 minutes (1000); refilled evenly over the 5 minutes.</summary>
    public int NetworkWriteBucketCapacity { get; set; } = 1000;

    /// <summary>Requests whose body is larger than this answer 413 RequestContentTooLarge (ARM: 4 MB).</summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    internal SimulatorOptions Copy() => (SimulatorOptions)MemberwiseClone();
}

/// <summary>A running simulator: an ARM stand-in over HTTPS with a certificate made at start.</summary>
public sealed partial class SimulatorHost : IAsyncDisposable
{
    /// <summary>The https base address it serves, e.g. https://127.0.0.1:51234/.</summary>
    public required Uri BaseUri { get; init; }

    /// <summary>The public part of the certificate served (no private key).</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The identity provider (OIDC issuer) served at <c>/{tenant}/...</c>; tests mint tokens with it.</summary>
    public required SimulatorIdentityProvider Identity { get; init; }
}

/// <summary>The pieces a running simulator is made of; shared by the ARM pipeline and the control API.</summary>
public sealed class SimulatorParts
{
    public SimulatorParts(SimulatorOptions options)
    {
        Options = options;
        Throttler = new Throttling(State.Clock, options);
    }

    public SimulatorOptions Options { get; }
    public SimulatorState State { get; } = new();
    public RequestLog RequestLog { get; } = new();
    public Faults Faults { get; } = new();
    public Throttling Throttler { get; }
}

public sealed partial class SimulatorHost
{
    private readonly SimulatorParts _parts;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private X509Certificate2? _tlsCertificate;
    private Task _sweeper = Task.CompletedTask;
    private int _disposed;

    private SimulatorHost(SimulatorParts parts) => _parts = parts;

    /// <summary>The live options (a copy of those given; latency changes through the control API land here).</summary>
    public SimulatorOptions Options => _parts.Options;

    /// <summary>The in-memory ARM state; lock <see cref="SimulatorState.Gate"/> around any use.</summary>
    public SimulatorState State => _parts.State;

    /// <summary>Simulated time (real time plus an offset).</summary>
    public SimulatorClock Clock => State.Clock;

    public RequestLog RequestLog => _parts.RequestLog;

    public Faults Faults => _parts.Faults;

    public Throttling Throttler => _parts.Throttler;

    /// <summary>Starts a simulator and returns once it is listening.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = LoopbackEndpoint(options.Url);
        var parts = new SimulatorParts(options.Copy());
        var estate = LoadSeed(options);
        lock (parts.State.Gate)
            parts.State.LoadEstate(estate);

        using var serverCertificate = CreateCertificate();
        var publicCertificate = X509CertificateLoader.LoadCertificate(serverCertificate.RawData);
        // A PKCS#12 round trip gives Kestrel a certificate whose private key it can use on every platform.
        var tlsCertificate = X509CertificateLoader.LoadPkcs12(serverCertificate.Export(X509ContentType.Pkcs12), null);

        // The empty builder reads no configuration or environment, so the embedding app's settings cannot leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRouting();
        builder.Services.AddSimulatorIdentity();
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(k =>
            k.Listen(endpoint, listen => listen.UseHttps(tlsCertificate)));
        var app = builder.Build();

        var identity = app.Services.GetRequiredService<SimulatorIdentityProvider>();
        var pipeline = new ArmPipeline(parts.State, parts.Options, parts.Throttler, parts.Faults, parts.RequestLog, identity);
        app.Use(ControlEndpoints.LoopbackOnly);
        app.UseRouting();
        ControlEndpoints.Map(app, parts);
        app.MapSimulatorIdentity();
        // Browsers on the sign-in page ask for this; it is not an ARM request and must not enter the request log.
        app.MapGet("/favicon.ico", () => Results.NotFound());
        app.Map("{**path}", pipeline.HandleAsync);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            tlsCertificate.Dispose();
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var hostName = new Uri(options.Url).Host;
#pragma warning disable CA2000 // Returned to the caller, who owns and disposes it.
        var host = new SimulatorHost(parts) { BaseUri = new Uri($"https://{hostName}:{port}/"), Certificate = publicCertificate, Identity = identity };
        // Pin the issuer to the address clients are told, before anyone asks for a token.
        identity.SetIssuerBase(host.BaseUri);
        host._app = app;
#pragma warning restore CA2000
        host._tlsCertificate = tlsCertificate;
        host._sweeper = host.SweepAsync();
        if (options.CertificateOut is { } pemPath)
            await File.WriteAllTextAsync(pemPath, publicCertificate.ExportCertificatePem() + "\n", cancellationToken);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        try
        {
            await _sweeper;
        }
        catch (OperationCanceledException)
        {
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _tlsCertificate?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>A handler that trusts exactly this simulator's certificate (for HttpClient or Azure.Core's HttpClientTransport).</summary>
    public HttpMessageHandler CreateHttpHandler() => CreateTrustingHandler(Certificate);

    /// <summary>A handler that trusts exactly <paramref name="certificate"/> (e.g. loaded from the PEM written by --certificate-out).</summary>
    public static HttpMessageHandler CreateTrustingHandler(X509Certificate2 certificate)
    {
        var raw = certificate.RawData;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetRawCertData().AsSpan().SequenceEqual(raw),
            },
        };
    }

    /// <summary>Reads the PEM written by <see cref="SimulatorOptions.CertificateOut"/>.</summary>
    public static X509Certificate2 LoadCertificatePem(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    private async Task SweepAsync()
    {
        // Expiry is also processed lazily on each ARM call; this keeps NSGs right when nobody calls.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(_stopping.Token))
        {
            lock (State.Gate)
                JitEffects.ProcessExpiries(State);
        }
    }

    private static IPEndPoint LoopbackEndpoint(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"The simulator URL '{url}' must be an absolute https URL such as https://127.0.0.1:0.", nameof(url));
        IPAddress address;
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            address = IPAddress.Loopback;
        else if (!IPAddress.TryParse(uri.Host, out address!) || !IPAddress.IsLoopback(address))
            throw new ArgumentException($"The simulator listens on loopback only; '{uri.Host}' is not a loopback address (use 127.0.0.1, [::1] or localhost).", nameof(url));
        return new IPEndPoint(address, uri.Port);
    }

    private static JsonObject LoadSeed(SimulatorOptions options)
    {
        if (options.EstateFile is { } file)
        {
            var node = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                ?? throw new InvalidEstateException($"The estate file '{file}' must hold a JSON object.");
            return node;
        }
        if (options.Generate is { } spec)
            return EstateGenerator.Generate(GeneratorSpec.Parse(spec));
        return DemoEstate.Create();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=JitDashboard Simulator", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }
}
