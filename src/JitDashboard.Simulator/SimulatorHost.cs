using System.Security.Cryptography.X509Certificates;

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

    /// <summary>Latency added to every ARM answer.</summary>
    public int LatencyMilliseconds { get; set; }

    /// <summary>Whether the per-subscription token buckets are enforced.</summary>
    public bool Throttling { get; set; } = true;
}

/// <summary>A running simulator: an ARM stand-in over HTTPS with a certificate made at start.</summary>
public sealed partial class SimulatorHost : IAsyncDisposable
{
    /// <summary>The https base address it serves, e.g. https://127.0.0.1:51234/.</summary>
    public required Uri BaseUri { get; init; }

    /// <summary>The public part of the certificate served (no private key).</summary>
    public required X509Certificate2 Certificate { get; init; }
}

public sealed partial class SimulatorHost
{
    /// <summary>Starts a simulator and returns once it is listening.</summary>
    public static Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
