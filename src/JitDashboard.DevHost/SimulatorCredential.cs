using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using JitDashboard.Platform.Arm;
using JitDashboard.Simulator.Identity;

namespace JitDashboard.DevHost;

/// <summary>The simulator's identity provider as the app's authority, and the app's service identity towards it.</summary>
public static class SimulatorCredential
{
    /// <summary>The secret the app sends; the simulator accepts any secret unless it registers clients.</summary>
    public const string ClientSecret = "simulator-client-secret";

    /// <summary>The simulator's Entra-shaped authority at <paramref name="simulatorBase"/>, with the dashboard's registration.</summary>
    public static HostedIdentityAuthority Authority(Uri simulatorBase)
        => new(simulatorBase, SimulatorIdentity.TenantId, SimulatorIdentity.DashboardClientId, ClientSecret, SimulatorIdentityProvider.IssuerFor(simulatorBase.ToString()));

    /// <summary>
    /// The client-credentials grant against the simulator's issuer, through the same Azure.Identity code path as a
    /// client secret in Azure.
    /// </summary>
    public static TokenCredential Create(Uri simulatorBase, X509Certificate2? trustedCertificate, string clientId = SimulatorIdentity.DashboardClientId)
        => Authority(simulatorBase).CreateClientCredential(trustedCertificate, clientId);
}
