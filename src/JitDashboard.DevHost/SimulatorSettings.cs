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
}
