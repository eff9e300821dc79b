namespace JitDashboard.Features.Machines;

/// <summary>
/// One management port on one ip configuration: our access for the probe packet and the rule that decided it, Azure's
/// (IP flow verify), and whether they agree (null when Azure could not be asked; <paramref name="Problem"/> says why).
/// </summary>
public sealed record VerifiedPort(
    int Port, string NetworkInterface, string IpConfiguration, string PrivateIpAddress, string Ours, string OurRule,
    string? Azure, string? AzureRule, bool? Agrees, string? Problem);
