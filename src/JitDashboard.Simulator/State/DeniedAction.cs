namespace JitDashboard.Simulator.State;

/// <summary>An RBAC action the caller lacks, over the whole subscription (<see cref="Scope"/> null) or below a scope.</summary>
public sealed record DeniedAction(string Action, string? Scope);
