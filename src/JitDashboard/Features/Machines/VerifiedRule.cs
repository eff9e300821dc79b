namespace JitDashboard.Features.Machines;

public sealed record VerifiedRule(string Name, int Priority, string Access, string Protocol, string Source, string DestinationPorts);
