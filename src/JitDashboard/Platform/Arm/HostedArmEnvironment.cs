using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// The seam a host fills to run the app against a stand-in for Azure instead (the DevHost registers the simulator
/// here). The production app registers none: there, <c>Mode</c> is Azure and ARM and Entra ID come from settings.
/// Called once, at start-up in <c>Mode=Simulator</c>, before any ARM call or sign-in.
/// </summary>
public interface IArmEnvironmentProvider
{
    /// <summary>Starts the stand-in when it runs in-process, and says where its ARM and identity authority are.</summary>
    Task<HostedArmEnvironment> StartAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A stand-in for Azure that a host supplies: an ARM endpoint and an OpenID Connect authority shaped like Entra ID's
/// v2 endpoints, both served over HTTPS with a certificate the app trusts exactly. The app reaches it through the very
/// same code as Azure (the Azure SDK, Azure.Identity, Microsoft.Identity.Web); only these values differ.
/// </summary>
/// <param name="Name">What it is, for the start-up lines and logs (e.g. <c>simulator</c>).</param>
/// <param name="ArmEndpoint">Its ARM base address.</param>
/// <param name="TrustedCertificate">The certificate its ARM endpoint and authority serve; trusted exactly.</param>
/// <param name="Identity">Its identity authority and the app registration it knows.</param>
public sealed record HostedArmEnvironment(string Name, Uri ArmEndpoint, X509Certificate2 TrustedCertificate, HostedIdentityAuthority Identity)
{
    /// <summary>
    /// The app's own ARM credential towards it: the client-credentials grant against its authority, through the same
    /// Azure.Identity code path as a client secret in Azure.
    /// </summary>
    public TokenCredential CreateCredential() => Identity.CreateClientCredential(TrustedCertificate);
}

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
