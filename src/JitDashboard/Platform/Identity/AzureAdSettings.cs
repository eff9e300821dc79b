namespace JitDashboard.Platform.Identity;

/// <summary>
/// The <c>AzureAd</c> section, read by Microsoft.Identity.Web for sign-in (OIDC) and the REST API (JwtBearer), and by
/// the ARM credential. In simulator mode every key defaults to the simulator's issuer and may stay unset.
/// </summary>
public sealed class AzureAdSettings
{
    public const string SectionName = "AzureAd";
    public const string DefaultInstance = "https://login.microsoftonline.com/";
    public const string DefaultAudience = "api://jitdashboard";

    /// <summary><c>AzureAd:Instance</c>: the cloud's sign-in host (sovereign clouds differ).</summary>
    public string? Instance { get; set; }

    /// <summary><c>AzureAd:TenantId</c>: the directory id (a GUID, or a verified domain).</summary>
    public string? TenantId { get; set; }

    /// <summary><c>AzureAd:ClientId</c>: the app registration's application id.</summary>
    public string? ClientId { get; set; }

    /// <summary><c>AzureAd:ClientSecret</c>: from the environment only (<c>AzureAd__ClientSecret</c>), never a file in the repo.</summary>
    public string? ClientSecret { get; set; }

    /// <summary><c>AzureAd:Audience</c>: the REST API's audience (the app id URI).</summary>
    public string? Audience { get; set; }
}
