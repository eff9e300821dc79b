namespace JitDashboard.Hosting;

/// <summary>A fixed window per user (or per client address before sign-in) over <c>/api</c>.</summary>
public sealed class RateLimitSettings
{
    /// <summary><c>Hardening:RateLimit:PermitLimit</c>: requests per window; 0 turns the limit off.</summary>
    public int PermitLimit { get; set; } = 600;

    /// <summary><c>Hardening:RateLimit:Window</c>.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
