using System.Security.Cryptography.X509Certificates;
using Azure.Core;

namespace JitDashboard.Platform.Arm;

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
