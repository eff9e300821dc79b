using Azure.Core;

namespace JitDashboard.Azure;

/// <summary>
/// The app's service identity towards the simulator: a fixed bearer token, since the simulator accepts any
/// token for now. A later issue swaps this for tokens from the simulator's identity provider.
/// </summary>
public sealed class SimulatorTokenCredential : TokenCredential
{
    public const string Token = "jitdashboard-service-identity";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => new(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
