namespace JitDashboard.Simulator.Identity;

/// <summary>What an authorization code stands for until it is redeemed (once).</summary>
internal sealed record AuthorizationCodeGrant(
    SimulatorPerson Person,
    string ClientId,
    string RedirectUri,
    string? Nonce,
    string Scope,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt);
