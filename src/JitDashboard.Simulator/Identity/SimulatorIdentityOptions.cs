namespace JitDashboard.Simulator.Identity;

/// <summary>Settings of the simulator's identity provider.</summary>
public sealed class SimulatorIdentityOptions
{
    /// <summary>
    /// The base URL issuers are built on (<c>{IssuerBaseUrl}/{TenantId}/v2.0</c>). When null, the base of the first
    /// request seen (scheme and host of the simulator) is used, so port 0 works; set it (or call
    /// <see cref="SimulatorIdentityProvider.SetIssuerBase"/>) once the port is known to pin the issuer.
    /// </summary>
    public Uri? IssuerBaseUrl { get; set; }

    /// <summary>The audience of tokens from <c>POST /_simulator/identity/token</c> when the body names none.</summary>
    public string DefaultApiAudience { get; set; } = SimulatorIdentity.DashboardApiAudience;

    /// <summary>The client id (<c>azp</c>, <c>appid</c>) put in tokens from the control API.</summary>
    public string ControlApiClientId { get; set; } = SimulatorIdentity.DashboardClientId;

    /// <summary>
    /// Registered clients, client id to secret (null or empty for a public client that sends no secret).
    /// When empty, any non-empty client id is accepted, with any secret or none.
    /// </summary>
    public IDictionary<string, string?> Clients { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Lifetime of id tokens and access tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Lifetime of authorization codes.</summary>
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of refresh tokens.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Clock skew allowed by <see cref="SimulatorIdentityProvider.ValidateAccessToken"/>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The clock tokens are stamped with. Real time by default and on purpose: relying parties validate
    /// lifetimes against the real clock, not the simulator's simulated one.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
