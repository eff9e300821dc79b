namespace JitDashboard.DevHost;

/// <summary>The <c>Simulator</c> section, read by the DevHost only (the production app has no simulator).</summary>
public sealed class SimulatorSettings
{
    public const string SectionName = "Simulator";

    /// <summary><c>Simulator:Url</c>: a standalone simulator; when null the DevHost embeds one.</summary>
    public string? Url { get; set; }

    /// <summary><c>Simulator:CertificateFile</c>: the PEM the standalone simulator wrote with --certificate-out.</summary>
    public string? CertificateFile { get; set; }

    /// <summary><c>Simulator:Estate</c>: an estate file for the embedded simulator.</summary>
    public string? Estate { get; set; }

    /// <summary><c>Simulator:Generate</c>: a generator spec for the embedded simulator, e.g. <c>vms=1000,subscriptions=5,seed=1</c>.</summary>
    public string? Generate { get; set; }

    /// <summary>
    /// <c>Simulator:Events</c>: once started, the app registers its <c>/api/v1/events/azure</c> with the simulator's
    /// Event Grid (Entra authentication, the Events:Role app role), so ARM changes reach it live. On by default.
    /// </summary>
    public bool Events { get; set; } = true;

    /// <summary><c>Simulator:EventsMaxBatch</c>: events per delivery the registration asks for.</summary>
    public int EventsMaxBatch { get; set; } = 100;
}
