using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.Simulator.Identity;

/// <summary>
/// The simulator's token issuer: an RSA key made at start, demo people, token minting and validation, and the
/// short-lived state of the authorization-code flow. A singleton; thread-safe.
/// </summary>
public sealed class SimulatorIdentityProvider : IDisposable
{
    private static readonly HashSet<string> OidcScopes = new(StringComparer.Ordinal) { "openid", "profile", "email", "offline_access" };

    private readonly SimulatorIdentityOptions _options;
    private readonly RSA _rsa;
    private readonly SigningCredentials _signingCredentials;
    private readonly RsaSecurityKey _validationKey;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly ConcurrentDictionary<string, AuthorizationCodeGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshTokenGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _issuers = new(StringComparer.Ordinal);
    private readonly byte[] _formKey = RandomNumberGenerator.GetBytes(32);
    private string? _issuerBase;

    public SimulatorIdentityProvider(IOptions<SimulatorIdentityOptions> options)
    {
        _options = options.Value;
        _rsa = RSA.Create(2048);
        KeyId = Base64UrlEncoder.Encode(SHA256.HashData(_rsa.ExportSubjectPublicKeyInfo())[..16]);
        _signingCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
        _validationKey = new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = KeyId };
        if (_options.IssuerBaseUrl is not null) SetIssuerBase(_options.IssuerBaseUrl);
    }

    /// <summary>The key id (<c>kid</c>) of the signing key, as published in the JWKS.</summary>
    public string KeyId { get; }

    /// <summary>The public signing key, for relying parties in the same process.</summary>
    public SecurityKey SigningKey => _validationKey;

    public SimulatorIdentityOptions Options => _options;

    /// <summary>The issuer tokens are minted with, once a base is known (configured or seen on a request).</summary>
    public string? Issuer => Volatile.Read(ref _issuerBase) is { } baseUrl ? IssuerFor(baseUrl) : null;

    /// <summary>Builds <c>{base}/{TenantId}/v2.0</c>.</summary>
    public static string IssuerFor(string baseUrl) => $"{baseUrl.TrimEnd('/')}/{SimulatorIdentity.TenantId}/v2.0";

    /// <summary>Pins the issuer base, e.g. to the simulator's https address once its port is known.</summary>
    public void SetIssuerBase(Uri baseUrl)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Authority);
        _issuers.TryAdd(IssuerFor(text), 0);
        Volatile.Write(ref _issuerBase, text);
    }

    /// <summary>The issuer base for a request: the configured one, else the request's own scheme and host.</summary>
    internal string ResolveIssuerBase(string requestBase)
    {
        // The first request pins the issuer, so that a later caller using another host name (localhost vs
        // 127.0.0.1) cannot get tokens whose issuer differs from what relying parties read in discovery.
        var candidate = new Uri(requestBase).GetLeftPart(UriPartial.Authority);
        if (Interlocked.CompareExchange(ref _issuerBase, candidate, null) is null) _issuers.TryAdd(IssuerFor(candidate), 0);
        return Volatile.Read(ref _issuerBase)!;
    }

    /// <summary>The JWKS document's single key.</summary>
    public IReadOnlyDictionary<string, object> PublicJwk
    {
        get
        {
            var p = _rsa.ExportParameters(false);
            return new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["alg"] = SecurityAlgorithms.RsaSha256,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
            };
        }
    }

    // ---- Minting -------------------------------------------------------------------------------------------

    /// <summary>A user access token as Entra issues it (v2 shape): <c>roles</c>, <c>scp</c>, <c>oid</c>, <c>tid</c>, names.</summary>
    public string CreateAccessToken(SimulatorPerson person, string audience, TimeSpan? lifetime = null, string? scope = SimulatorIdentity.DashboardApiScope, string? clientId = null, string? issuer = null)
    {
        var now = Now;
        return Mint(UserAccessClaims(person, scope, clientId ?? _options.ControlApiClientId), audience, issuer ?? RequireIssuer(), now, now + (lifetime ?? _options.TokenLifetime), _signingCredentials);
    }

    /// <summary>An app-only access token (client credentials): <c>idtyp=app</c>, no roles, the service principal's <c>oid</c>.</summary>
    public string CreateAppAccessToken(string clientId, string audience, TimeSpan? lifetime = null, string? issuer = null) =>
        CreateAppAccessToken(clientId, audience, [], lifetime, issuer);

    /// <summary>An app-only access token carrying the app roles assigned to the client's service principal.</summary>
    public string CreateAppAccessToken(string clientId, string audience, IReadOnlyList<string> roles, TimeSpan? lifetime = null, string? issuer = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var now = Now;
        var claims = AppAccessClaims(clientId);
        claims["roles"] = roles.ToArray();
        return Mint(claims, audience, issuer ?? RequireIssuer(), now, now + (lifetime ?? _options.TokenLifetime), _signingCredentials);
    }

    /// <summary>For negative tests: a correctly signed user token that expired an hour ago.</summary>
    public string CreateExpiredAccessToken(SimulatorPerson person, string audience)
    {
        var now = Now;
        return Mint(UserAccessClaims(person, SimulatorIdentity.DashboardApiScope, _options.ControlApiClientId), audience, RequireIssuer(), now.AddHours(-2), now.AddHours(-1), _signingCredentials);
    }

    /// <summary>For negative tests: an unsigned (<c>alg: none</c>) user token, otherwise valid.</summary>
    public string CreateUnsignedAccessToken(SimulatorPerson person, string audience)
    {
        var now = Now;
        return Mint(UserAccessClaims(person, SimulatorIdentity.DashboardApiScope, _options.ControlApiClientId), audience, RequireIssuer(), now, now + _options.TokenLifetime, signing: null);
    }

    /// <summary>For negative tests: a user token signed by a key nobody publishes, with this provider's kid.</summary>
    public string CreateForeignSignedAccessToken(SimulatorPerson person, string audience)
    {
        using var other = RSA.Create(2048);
        var now = Now;
        var credentials = new SigningCredentials(new RsaSecurityKey(other) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
        return Mint(UserAccessClaims(person, SimulatorIdentity.DashboardApiScope, _options.ControlApiClientId), audience, RequireIssuer(), now, now + _options.TokenLifetime, credentials);
    }

    /// <summary>An id token for <paramref name="clientId"/>, with <c>c_hash</c>/<c>at_hash</c> when a code or access token goes with it.</summary>
    internal string CreateIdToken(SimulatorPerson person, string clientId, string issuer, string? nonce, string? code = null, string? accessToken = null)
    {
        var claims = PersonClaims(person);
        claims["azp"] = clientId;
        if (!string.IsNullOrEmpty(nonce)) claims["nonce"] = nonce;
        if (code is not null) claims["c_hash"] = LeftHalfHash(code);
        if (accessToken is not null) claims["at_hash"] = LeftHalfHash(accessToken);
        var now = Now;
        return Mint(claims, clientId, issuer, now, now + _options.TokenLifetime, _signingCredentials);
    }

    internal string CreateUserAccessTokenForScope(SimulatorPerson person, string clientId, string issuer, string scope)
    {
        var (audience, delegatedScopes) = AudienceForScope(scope, clientId);
        var now = Now;
        return Mint(UserAccessClaims(person, delegatedScopes, clientId), audience, issuer, now, now + _options.TokenLifetime, _signingCredentials);
    }

    internal string CreateAppAccessTokenForScope(string clientId, string issuer, string scope, out string audience)
    {
        audience = scope.Trim()[..^"/.default".Length];
        var now = Now;
        return Mint(AppAccessClaims(clientId), audience, issuer, now, now + _options.TokenLifetime, _signingCredentials);
    }

    /// <summary>The audience of a user access token: the first resource scope's resource, else the client itself.</summary>
    internal static (string Audience, string? Scopes) AudienceForScope(string scope, string clientId)
    {
        var resourceScopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => !OidcScopes.Contains(s)).ToList();
        if (resourceScopes.Count == 0) return (clientId, SimulatorIdentity.DashboardApiScope);
        var first = resourceScopes[0];
        var slash = first.LastIndexOf('/');
        if (slash <= 0 || slash == first.Length - 1 || first.EndsWith("://", StringComparison.Ordinal))
            return (first, SimulatorIdentity.DashboardApiScope);
        var resource = first[..slash];
        // Entra's scp lists the scope names without their resource; ".default" means "all granted", shown as our one scope.
        var names = resourceScopes
            .Where(s => s.StartsWith(resource + "/", StringComparison.Ordinal))
            .Select(s => s[(slash + 1)..])
            .Select(s => s == ".default" ? SimulatorIdentity.DashboardApiScope : s)
            .Distinct(StringComparer.Ordinal);
        return (resource, string.Join(' ', names));
    }

    private static Dictionary<string, object> PersonClaims(SimulatorPerson person) => new()
    {
        ["sub"] = person.ObjectId.ToString(),
        ["oid"] = person.ObjectId.ToString(),
        ["tid"] = SimulatorIdentity.TenantId,
        ["name"] = person.DisplayName,
        ["preferred_username"] = person.UserName,
        ["email"] = person.UserName,
        ["roles"] = person.Roles.ToArray(),
        ["ver"] = "2.0",
    };

    private static Dictionary<string, object> UserAccessClaims(SimulatorPerson person, string? scope, string clientId)
    {
        var claims = PersonClaims(person);
        claims["upn"] = person.UserName;
        claims["azp"] = clientId;
        claims["appid"] = clientId;
        claims["idtyp"] = "user";
        if (!string.IsNullOrWhiteSpace(scope)) claims["scp"] = scope;
        return claims;
    }

    private static Dictionary<string, object> AppAccessClaims(string clientId)
    {
        var servicePrincipal = ServicePrincipalObjectId(clientId).ToString();
        return new()
        {
            ["sub"] = servicePrincipal,
            ["oid"] = servicePrincipal,
            ["tid"] = SimulatorIdentity.TenantId,
            ["azp"] = clientId,
            ["appid"] = clientId,
            ["idtyp"] = "app",
            ["roles"] = Array.Empty<string>(),
            ["ver"] = "2.0",
        };
    }

    /// <summary>A stable service-principal object id per client id, so that ARM-side audit sees one identity.</summary>
    public static Guid ServicePrincipalObjectId(string clientId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("sp:" + clientId));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x40); // version 4 layout, so it looks like any other object id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    private string Mint(Dictionary<string, object> claims, string audience, string issuer, DateTimeOffset notBefore, DateTimeOffset expires, SigningCredentials? signing)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore.UtcDateTime,
            NotBefore = notBefore.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = signing,
            TokenType = "JWT",
        };
        return _handler.CreateToken(descriptor);
    }

    private static string LeftHalfHash(string value)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(value));
        return Base64UrlEncoder.Encode(hash.AsSpan(0, hash.Length / 2).ToArray());
    }

    private string RequireIssuer() => Issuer
        ?? throw new InvalidOperationException("The simulator's issuer is not known yet: set SimulatorIdentityOptions.IssuerBaseUrl or call SetIssuerBase.");

    internal DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    // ---- Validation ----------------------------------------------------------------------------------------

    /// <summary>
    /// Validates a bearer token as a relying party would: signature by this provider's key, an issuer this provider
    /// has used, the audience, and the lifetime with <see cref="SimulatorIdentityOptions.ClockSkew"/>.
    /// </summary>
    public async Task<SimulatorTokenValidationResult> ValidateAccessTokenAsync(string token, string audience)
    {
        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(token);
        }
        catch (ArgumentException e)
        {
            return new(null, SimulatorTokenFailure.Malformed, e.Message);
        }

        if (string.IsNullOrEmpty(parsed.EncodedSignature) || string.Equals(parsed.Alg, "none", StringComparison.OrdinalIgnoreCase))
            return new(null, SimulatorTokenFailure.NotSigned, "The token is not signed.");

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = _validationKey,
            ValidIssuers = _issuers.Keys.ToArray(),
            // Entra treats "X" and "X/" as one resource (ARM's audience is written both ways), so do we.
            ValidAudiences = [audience, audience.TrimEnd('/'), audience.TrimEnd('/') + "/"],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = _options.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            NameClaimType = "name",
            RoleClaimType = "roles",
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is not null
                && (notBefore is null || notBefore.Value - p.ClockSkew <= Now.UtcDateTime)
                && expires.Value + p.ClockSkew > Now.UtcDateTime,
        };
        var result = await _handler.ValidateTokenAsync(parsed, parameters);
        if (result.IsValid) return new(new ClaimsPrincipal(result.ClaimsIdentity), SimulatorTokenFailure.None, null);
        var failure = result.Exception switch
        {
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException => SimulatorTokenFailure.Expired,
            SecurityTokenInvalidIssuerException => SimulatorTokenFailure.InvalidIssuer,
            SecurityTokenInvalidAudienceException => SimulatorTokenFailure.InvalidAudience,
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => SimulatorTokenFailure.InvalidSignature,
            _ => SimulatorTokenFailure.Malformed,
        };
        return new(null, failure, result.Exception?.Message);
    }

    /// <summary>Synchronous form of <see cref="ValidateAccessTokenAsync"/>; validation with a known key never awaits I/O.</summary>
    public SimulatorTokenValidationResult ValidateAccessToken(string token, string audience) =>
        ValidateAccessTokenAsync(token, audience).GetAwaiter().GetResult();

    // ---- Authorization codes, refresh tokens, form integrity -----------------------------------------------

    internal string IssueCode(AuthorizationCodeGrant grant)
    {
        PurgeExpired();
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = grant;
        return code;
    }

    /// <summary>Takes a code out of the store: a code works once, even when the redemption then fails.</summary>
    internal AuthorizationCodeGrant? RedeemCode(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt > Now ? grant : null;

    internal string IssueRefreshToken(SimulatorPerson person, string clientId, string scope)
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _refreshTokens[token] = new RefreshTokenGrant(person, clientId, scope, Now + _options.RefreshTokenLifetime);
        return token;
    }

    /// <summary>Refresh tokens rotate: the old one is consumed.</summary>
    internal RefreshTokenGrant? RedeemRefreshToken(string token) =>
        _refreshTokens.TryRemove(token, out var grant) && grant.ExpiresAt > Now ? grant : null;

    /// <summary>A MAC over the authorize parameters, so that the sign-in POST can only replay what the GET validated.</summary>
    internal string SignForm(string canonical) =>
        Base64UrlEncoder.Encode(HMACSHA256.HashData(_formKey, Encoding.UTF8.GetBytes(canonical)));

    internal bool VerifyForm(string canonical, string? mac)
    {
        if (string.IsNullOrEmpty(mac)) return false;
        var expected = Encoding.ASCII.GetBytes(SignForm(canonical));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac));
    }

    private void PurgeExpired()
    {
        var now = Now;
        foreach (var (key, grant) in _codes)
            if (grant.ExpiresAt <= now) _codes.TryRemove(key, out _);
        foreach (var (key, grant) in _refreshTokens)
            if (grant.ExpiresAt <= now) _refreshTokens.TryRemove(key, out _);
    }

    public void Dispose() => _rsa.Dispose();
}
