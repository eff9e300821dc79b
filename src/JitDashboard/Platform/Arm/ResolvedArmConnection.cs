using System.Security.Cryptography.X509Certificates;

namespace JitDashboard.Platform.Arm;

/// <param name="Endpoint">ARM's base address.</param>
/// <param name="Audience">The token audience.</param>
/// <param name="TrustedCertificate">When set, the only certificate accepted (beyond normally valid ones) for the endpoint.</param>
/// <param name="Hosted">The host-supplied stand-in for Azure in <c>Mode=Simulator</c> (its ARM, authority and certificate); null in Azure mode.</param>
public sealed record ResolvedArmConnection(
    Uri Endpoint,
    string Audience,
    X509Certificate2? TrustedCertificate,
    HostedArmEnvironment? Hosted = null);
