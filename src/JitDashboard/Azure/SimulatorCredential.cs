using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using JitDashboard.Simulator.Identity;

namespace JitDashboard.Azure;

/// <summary>
/// The app's service identity towards the simulator: the client-credentials grant against the simulator's issuer,
/// through the same Azure.Identity code path as a client secret in Azure.
/// </summary>
public static class SimulatorCredential
{
    /// <summary>The secret sent in simulator mode; the simulator accepts any secret unless it registers clients.</summary>
    public const string ClientSecret = "simulator-client-secret";

    public static TokenCredential Create(Uri simulatorBase, X509Certificate2? trustedCertificate, string clientId = SimulatorIdentity.DashboardClientId)
        => new ClientSecretCredential(SimulatorIdentity.TenantId, clientId, ClientSecret, new ClientSecretCredentialOptions
        {
            AuthorityHost = simulatorBase,
            // Otherwise MSAL asks login.microsoftonline.com whether the authority is known.
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(TrustedCertificateHandler.Create(trustedCertificate)),
        });
}

/// <summary>
/// A credential built on first use: in simulator mode the issuer's address is known only once the embedded
/// simulator has started, after DI has been built.
/// </summary>
public sealed class DeferredTokenCredential(Func<TokenCredential> factory) : TokenCredential
{
    private readonly Lazy<TokenCredential> _inner = new(factory);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => _inner.Value.GetToken(requestContext, cancellationToken);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => _inner.Value.GetTokenAsync(requestContext, cancellationToken);
}
