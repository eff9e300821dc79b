using JitDashboard.Platform.Identity;

namespace JitDashboard.Platform.Arm;

/// <summary>How the dashboard reaches ARM.</summary>
public enum DashboardMode
{
    /// <summary>ARM is Azure (public, sovereign or Azure Stack Hub via <c>Arm:Endpoint</c>): the production app's default.</summary>
    Azure,

    /// <summary>
    /// ARM and sign-in are a stand-in for Azure that the host supplies (<see cref="Azure.IArmEnvironmentProvider"/>):
    /// the DevHost's default, with its simulator. The production app has none and refuses this mode at start.
    /// </summary>
    Simulator,
}

/// <summary>Top-level settings (section root).</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// <c>Mode</c>: Azure or Simulator. Unset: Simulator when the host supplies a stand-in for Azure (the DevHost),
    /// else Azure (the production app).
    /// </summary>
    public DashboardMode Mode { get; set; } = DashboardMode.Azure;
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

    /// <summary><c>Arm:Credential</c>: Azure mode's ARM credential (simulator mode always uses the stand-in's client credentials).</summary>
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
