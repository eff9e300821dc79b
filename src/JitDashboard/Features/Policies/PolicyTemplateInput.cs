namespace JitDashboard.Features.Policies;

/// <summary>What an Admin submits to create or update a template.</summary>
public sealed record PolicyTemplateInput(string Name, string? Description, IReadOnlyList<PolicyTemplatePort> Ports, bool IsDefault = false);
