namespace JitDashboard.Simulator.State;

/// <summary>An Azure Policy assignment with effect Deny on PUTs of one resource type, below a scope (null: the subscription).</summary>
public sealed record PolicyDenial(string ResourceType, string? PolicyAssignmentName, string? Scope);
