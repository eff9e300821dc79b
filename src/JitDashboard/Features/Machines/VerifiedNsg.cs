namespace JitDashboard.Features.Machines;

public sealed record VerifiedNsg(string NetworkSecurityGroup, string AssociatedWith, IReadOnlyList<VerifiedRule> InboundRules);
