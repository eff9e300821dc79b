namespace JitDashboard.Features.Machines;

/// <summary>A hop of a path: <c>kind</c> Door, AdminRule, NsgRule or Default; <c>access</c> Allow, Deny or AlwaysAllow when it is a rule.</summary>
public sealed record MachinePathHop(string Kind, string Name, string Detail, string? Access, bool Decisive);
