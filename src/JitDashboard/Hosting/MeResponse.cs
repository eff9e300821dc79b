namespace JitDashboard.Hosting;

/// <summary>The body of <c>GET /api/v1/me</c>.</summary>
public sealed record MeResponse(string Name, string UserName, IReadOnlyList<string> Roles);
