namespace JitDashboard.Simulator.Identity;

/// <summary>What a refresh token stands for.</summary>
internal sealed record RefreshTokenGrant(SimulatorPerson Person, string ClientId, string Scope, DateTimeOffset ExpiresAt);
