namespace JitDashboard.Hosting;

/// <summary>The <c>Hardening</c> section.</summary>
public sealed class HardeningOptions
{
    public const string SectionName = "Hardening";

    /// <summary><c>Hardening:Https</c>: Auto, Always or Never.</summary>
    public HttpsMode Https { get; set; } = HttpsMode.Auto;

    /// <summary><c>Hardening:HttpsPort</c>: the port HTTPS redirection sends browsers to.</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary><c>Hardening:MaxApiRequestBodyBytes</c>: the largest /api request body.</summary>
    public long MaxApiRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary><c>Hardening:RateLimit:*</c>.</summary>
    public RateLimitSettings RateLimit { get; set; } = new();
}
