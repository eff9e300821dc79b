using JitDashboard.Platform.Identity;

namespace JitDashboard.Platform.Arm;

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
