namespace JitDashboard.Features.Machines;

/// <summary>A NIC's effective NSGs as Azure reports them; <paramref name="Error"/> when Azure could not be asked.</summary>
public sealed record VerifiedNic(string NetworkInterface, IReadOnlyList<VerifiedNsg> EffectiveNetworkSecurityGroups, string? Error);
