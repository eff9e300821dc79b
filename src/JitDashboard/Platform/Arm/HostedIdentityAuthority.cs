using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace JitDashboard.Platform.Arm;

/// <summary>An Entra-shaped identity authority (<c>{Instance}{TenantId}/v2.0</c>) and the app registration it knows.</summary>
/// <param name="Instance">Like <c>AzureAd:Instance</c>: the authority host, e.g. <c>https://127.0.0.1:7443/</c>.</param>
/// <param name="TenantId">The tenant the app signs in to.</param>
/// <param name="ClientId">The app registration's client id (used unless <c>AzureAd:ClientId</c> is set).</param>
/// <param name="ClientSecret">The app's client secret there.</param>
/// <param name="Issuer">The issuer its tokens carry; also the OpenID Connect authority.</param>
public sealed record HostedIdentityAuthority(Uri Instance, string TenantId, string ClientId, string ClientSecret, string Issuer)
{
    /// <summary>The client-credentials grant against this authority, trusting exactly <paramref name="trustedCertificate"/>.</summary>
    public TokenCredential CreateClientCredential(X509Certificate2? trustedCertificate, string? clientId = null)
        => new ClientSecretCredential(TenantId, clientId ?? ClientId, ClientSecret, new ClientSecretCredentialOptions
        {
            AuthorityHost = Instance,
            // Otherwise MSAL asks login.microsoftonline.com whether the authority is known.
            DisableInstanceDiscovery = true,
#pragma warning disable CA2000 // The credential's transport owns its handler for the credential's lifetime.
            Transport = new HttpClientTransport(TrustedCertificateHandler.Create(trustedCertificate)),
#pragma warning restore CA2000
        });
}
