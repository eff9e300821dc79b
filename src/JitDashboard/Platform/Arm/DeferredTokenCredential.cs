using Azure.Core;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// A credential built on first use: with a hosted stand-in for Azure (<see cref="IArmEnvironmentProvider"/>) the
/// authority's address is known only once it has started, after DI has been built.
/// </summary>
public sealed class DeferredTokenCredential(Func<TokenCredential> factory) : TokenCredential
{
    private readonly Lazy<TokenCredential> _inner = new(factory);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => _inner.Value.GetToken(requestContext, cancellationToken);

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        => _inner.Value.GetTokenAsync(requestContext, cancellationToken);
}
