namespace JitDashboard.Features.Machines;

/// <summary>Each <c>Healthy</c>, <c>Unhealthy</c>, <c>NotApplicable</c> or <c>Unknown</c>.</summary>
public sealed record MachineRecommendations(string Jit, string ManagementPortsClosed);
