namespace JitDashboard.Configuration;

/// <summary>How the dashboard reaches ARM.</summary>
public enum DashboardMode
{
    /// <summary>ARM is the simulator, embedded (default) or standalone.</summary>
    Simulator,

    /// <summary>ARM is Azure (public, sovereign or Azure Stack Hub via <c>Arm:Endpoint</c>).</summary>
    Azure,
}

/// <summary>Top-level settings (section root).</summary>
public sealed class DashboardOptions
{
    /// <summary><c>Mode</c>: Simulator (default) or Azure.</summary>
    public DashboardMode Mode { get; set; } = DashboardMode.Simulator;
}

/// <summary>The <c>Simulator</c> section.</summary>
public sealed class SimulatorSettings
{
    public const string SectionName = "Simulator";

    /// <summary><c>Simulator:Url</c>: a standalone simulator; when null the app embeds one.</summary>
    public string? Url { get; set; }

    /// <summary><c>Simulator:CertificateFile</c>: the PEM the standalone simulator wrote with --certificate-out.</summary>
    public string? CertificateFile { get; set; }

    /// <summary><c>Simulator:Estate</c>: an estate file for the embedded simulator.</summary>
    public string? Estate { get; set; }

    /// <summary><c>Simulator:Generate</c>: a generator spec for the embedded simulator, e.g. <c>vms=1000,subscriptions=5,seed=1</c>.</summary>
    public string? Generate { get; set; }
}

/// <summary>The <c>Arm</c> section.</summary>
public sealed class ArmOptions
{
    public const string SectionName = "Arm";

    /// <summary>The public Azure Resource Manager endpoint, used in Azure mode when <see cref="Endpoint"/> is not set.</summary>
    public static readonly Uri PublicCloudEndpoint = new("https://management.azure.com/");

    /// <summary><c>Arm:Endpoint</c>: overrides the ARM endpoint in either mode.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>Arm:CertificateFile</c>: a PEM certificate to trust (exactly) for <see cref="Endpoint"/>.</summary>
    public string? CertificateFile { get; set; }

    /// <summary><c>Arm:Audience</c>: token audience; defaults to the public cloud's for the public endpoint, else the endpoint itself.</summary>
    public string? Audience { get; set; }

    /// <summary><c>Arm:Credential</c>: Azure mode's ARM credential (simulator mode always uses the simulator's client credentials).</summary>
    public ArmCredentialKind Credential { get; set; } = ArmCredentialKind.ManagedIdentity;

    /// <summary><c>Arm:ManagedIdentityClientId</c>: a user-assigned managed identity's client id; null for system-assigned.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary><c>Arm:SubscriptionIds</c>: subscriptions to show; empty means all the credential sees.</summary>
    public IList<string> SubscriptionIds { get; set; } = [];

    /// <summary><c>Arm:ApiVersions:*</c>.</summary>
    public ArmApiVersions ApiVersions { get; set; } = new();

    /// <summary><c>Arm:MaxConcurrency</c>: parallel ARM work across subscriptions.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary><c>Arm:MaxRetries</c>: retries on 408/429/5xx and transport errors, honouring Retry-After.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary><c>Arm:NetworkTimeoutSeconds</c>: per-try timeout.</summary>
    public int NetworkTimeoutSeconds { get; set; } = 30;
}

/// <summary>Fixed api-versions per resource provider (the app never asks ARM which to use).</summary>
public sealed class ArmApiVersions
{
    public string Compute { get; set; } = "2024-03-01";
    public string ClassicCompute { get; set; } = "2017-04-01";
    public string Network { get; set; } = "2024-05-01";
    public string Security { get; set; } = "2020-01-01";
    public string Jit { get; set; } = "2020-01-01";
    public string Assessments { get; set; } = "2020-01-01";
    public string Pricings { get; set; } = "2024-01-01";
}
