using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Simulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JitDashboard.IntegrationTests.Platform.Identity;

/// <summary>One identity host for the class: the tests share no state but the issuer, which they all expect pinned to it.</summary>
public sealed class IdentityHostFixture : IAsyncLifetime
{
    public IdentityHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await IdentityHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SimulatorIdentityProviderTests(IdentityHostFixture fixture) : IClassFixture<IdentityHostFixture>
{
    private const string ClientId = SimulatorIdentity.DashboardClientId;
    private const string RedirectUri = "https://127.0.0.1:5001/signin-oidc";
    private readonly IdentityHost _host = fixture.Host;

    // ---- Discovery and keys ---------------------------------------------------------------------------------

    [Fact]
    public async Task Discovery_Served_NamesEndpointsUnderTheIssuerHost()
    {
        var doc = await _host.GetJsonAsync(_host.TenantPath("v2.0/.well-known/openid-configuration"));

        Assert.Equal(_host.Issuer, doc.GetProperty("issuer").GetString());
        var authority = _host.BaseUri.GetLeftPart(UriPartial.Authority);
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint" })
            Assert.StartsWith(authority + "/" + SimulatorIdentity.TenantId + "/", doc.GetProperty(endpoint).GetString(), StringComparison.Ordinal);
        Assert.Equal(["code", "id_token", "code id_token"], Strings(doc, "response_types_supported"));
        Assert.Equal(["query", "form_post", "fragment"], Strings(doc, "response_modes_supported"));
        Assert.Equal(["RS256"], Strings(doc, "id_token_signing_alg_values_supported"));
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(doc, "grant_types_supported"));
        Assert.Contains("openid", Strings(doc, "scopes_supported"));
        Assert.Contains("roles", Strings(doc, "claims_supported"));
        Assert.NotEmpty(Strings(doc, "subject_types_supported"));
    }

    [Fact]
    public async Task Discovery_UnknownTenant_Is404()
    {
        using var response = await _host.Client.GetAsync(new Uri("/11111111-1111-1111-1111-111111111111/v2.0/.well-known/openid-configuration", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Discovery_ConfiguredIssuerBase_WinsOverTheRequestHost()
    {
        await using var host = await IdentityHost.StartAsync(o => o.IssuerBaseUrl = new Uri("https://127.0.0.1:44300/"));

        var doc = await host.GetJsonAsync(host.TenantPath("v2.0/.well-known/openid-configuration"));

        Assert.Equal($"https://127.0.0.1:44300/{SimulatorIdentity.TenantId}/v2.0", doc.GetProperty("issuer").GetString());
        Assert.Equal($"https://127.0.0.1:44300/{SimulatorIdentity.TenantId}/oauth2/v2.0/token", doc.GetProperty("token_endpoint").GetString());
    }

    [Fact]
    public async Task Issuer_FirstRequestPinsIt_OtherHostNamesGetTheSameIssuer()
    {
        await _host.GetJsonAsync(_host.TenantPath("v2.0/.well-known/openid-configuration"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.TenantPath("v2.0/.well-known/openid-configuration"), UriKind.Relative));
        request.Headers.Host = "localhost:" + _host.BaseUri.Port;

        using var response = await _host.Client.SendAsync(request);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(_host.Issuer, doc.GetProperty("issuer").GetString());
        Assert.Equal(_host.Issuer, _host.Provider.Issuer);
    }

    [Fact]
    public async Task Jwks_Served_HasOneRs256SigningKey()
    {
        var jwks = await _host.GetJsonAsync(_host.TenantPath("discovery/v2.0/keys"));

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(_host.Provider.KeyId, key.GetProperty("kid").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.True(key.GetProperty("n").GetString()!.Length > 300, "a 2048-bit modulus");
    }

    // ---- Authorize page -------------------------------------------------------------------------------------

    [Fact]
    public async Task AuthorizePage_ValidRequest_ListsTheFivePeopleAsButtons()
    {
        using var response = await _host.Client.GetAsync(AuthorizeUrl("id_token", "form_post", nonce: "n-1"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sign in to the JitDashboard simulator", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"user\" value=\"alice@contoso.test\">Alice Operator — Operator</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"user\" value=\"bob@contoso.test\">Bob Approver — Approver</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"user\" value=\"carol@contoso.test\">Carol Admin — Admin</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"user\" value=\"dave@contoso.test\">Dave Reader — Reader</button>", html, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" name=\"user\" value=\"erin@contoso.test\">Erin Guest — no role</button>", html, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task AuthorizePage_HostileParameters_AreHtmlEncoded()
    {
        using var response = await _host.Client.GetAsync(AuthorizeUrl("id_token", "form_post", nonce: "n", state: "\"><script>alert(1)</script>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.Equal("\"><script>alert(1)</script>", IdentityHost.ParseForm(html).Fields["state"]);
    }

    [Theory]
    [InlineData("https://evil.example/signin-oidc")]
    [InlineData("https://127.0.0.1.evil.example/cb")]
    [InlineData("https://user@evil.example/cb")]
    [InlineData("ftp://127.0.0.1/cb")]
    [InlineData("/signin-oidc")]
    [InlineData("https://127.0.0.1/cb#frag")]
    public async Task Authorize_NonLoopbackRedirectUri_IsAnErrorPageNotARedirect(string redirectUri)
    {
        using var response = await _host.Client.GetAsync(AuthorizeUrl("code", "query", redirectUri: redirectUri));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri must be", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"user\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000/cb")]
    [InlineData("http://[::1]:5000/cb")]
    [InlineData("https://127.0.0.1/cb?x=1")]
    public void IsLoopbackUrl_LoopbackHosts_Accepted(string url) => Assert.True(SimulatorIdentityEndpoints.IsLoopbackUrl(url));

    [Fact]
    public async Task Authorize_TamperedPost_IsRefused()
    {
        var (action, fields) = await OpenSignInPageAsync(AuthorizeUrl("id_token", "form_post", nonce: "n-2"));
        fields["redirect_uri"] = "http://localhost:9999/other";
        fields["user"] = "alice@contoso.test";

        using var response = await PostFormAsync(action, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("altered", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // ---- Flows ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task FormPostIdTokenFlow_Bob_YieldsAValidIdTokenWithHisRoleAndTheNonce()
    {
        var (action, fields) = await OpenSignInPageAsync(AuthorizeUrl("id_token", "form_post", nonce: "nonce-bob", state: "st-1"));
        fields["user"] = "bob@contoso.test";

        using var response = await PostFormAsync(action, fields);
        var html = await response.Content.ReadAsStringAsync();
        var (target, answer) = IdentityHost.ParseForm(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RedirectUri, target);
        Assert.Contains("<button type=\"submit\">Continue</button>", html, StringComparison.Ordinal);
        Assert.Equal("st-1", answer["state"]);
        Assert.False(answer.ContainsKey("code"));
        var result = await _host.ValidateWithJwksAsync(answer["id_token"], ClientId);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("nonce-bob", token.GetClaim("nonce").Value);
        Assert.Equal(ClientId, Assert.Single(token.Audiences));
        Assert.Equal(["JitDashboard.Approver"], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(SimulatorIdentity.Bob.ObjectId.ToString(), token.GetClaim("oid").Value);
        Assert.Equal(SimulatorIdentity.TenantId, token.GetClaim("tid").Value);
        Assert.Equal("bob@contoso.test", token.GetClaim("preferred_username").Value);
        Assert.Equal("Bob Approver", token.GetClaim("name").Value);
        Assert.Equal("2.0", token.GetClaim("ver").Value);
        Assert.InRange(token.ValidTo - token.IssuedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task FragmentIdTokenFlow_Redirects302WithTheTokenInTheFragment()
    {
        var (action, fields) = await OpenSignInPageAsync(AuthorizeUrl("id_token", "fragment", nonce: "n-f", state: "s-f"));
        fields["user"] = "dave@contoso.test";

        using var response = await PostFormAsync(action, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "#", location.OriginalString, StringComparison.Ordinal);
        var answer = IdentityHost.ParseQuery(location.Fragment);
        Assert.Equal("s-f", answer["state"]);
        Assert.True((await _host.ValidateWithJwksAsync(answer["id_token"], ClientId)).IsValid);
    }

    [Fact]
    public async Task HybridFlow_CodeIdToken_IdTokenCarriesCHashOfTheCode()
    {
        var (action, fields) = await OpenSignInPageAsync(AuthorizeUrl("code id_token", "form_post", nonce: "n-h"));
        fields["user"] = "carol@contoso.test";

        using var response = await PostFormAsync(action, fields);
        var (_, answer) = IdentityHost.ParseForm(await response.Content.ReadAsStringAsync());

        var idToken = new JsonWebToken(answer["id_token"]);
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(answer["code"]));
        Assert.Equal(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(hash[..16]), idToken.GetClaim("c_hash").Value);
    }

    [Fact]
    public async Task CodeFlowWithPkce_Alice_TokenEndpointReturnsIdAccessAndRefreshTokens()
    {
        var (verifier, challenge) = IdentityHost.NewPkce();
        var code = await SignInForCodeAsync("alice@contoso.test", challenge, nonce: "n-code", scope: "openid profile offline_access api://jitdashboard/access_as_user");

        var (status, body) = await RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var id = await _host.ValidateWithJwksAsync(body.GetProperty("id_token").GetString()!, ClientId);
        Assert.True(id.IsValid, id.Exception?.Message);
        Assert.Equal("n-code", ((JsonWebToken)id.SecurityToken).GetClaim("nonce").Value);
        var access = await _host.ValidateWithJwksAsync(body.GetProperty("access_token").GetString()!, "api://jitdashboard");
        Assert.True(access.IsValid, access.Exception?.Message);
        Assert.Equal("access_as_user", access.Claims["scp"]);
        Assert.True(access.ClaimsIdentity.HasClaim("roles", SimulatorIdentity.OperatorRole));
        Assert.Equal("alice@contoso.test", access.Claims["upn"]);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("refresh_token").GetString()));
    }

    [Fact]
    public async Task RefreshToken_Redeemed_GivesNewTokensOnce()
    {
        var (verifier, challenge) = IdentityHost.NewPkce();
        var code = await SignInForCodeAsync("dave@contoso.test", challenge, nonce: "n", scope: "openid offline_access");
        var (_, first) = await RedeemAsync(code, verifier);
        var refresh = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        };

        var (status, second) = await _host.PostFormAsync(_host.TenantPath("oauth2/v2.0/token"), refresh);
        var (reuseStatus, reuse) = await _host.PostFormAsync(_host.TenantPath("oauth2/v2.0/token"), refresh);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((await _host.ValidateWithJwksAsync(second.GetProperty("access_token").GetString()!, ClientId)).IsValid);
        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal("invalid_grant", reuse.GetProperty("error").GetString());
    }

    [Fact]
    public async Task CodeReuse_SecondRedemption_IsInvalidGrant()
    {
        var (verifier, challenge) = IdentityHost.NewPkce();
        var code = await SignInForCodeAsync("alice@contoso.test", challenge);

        var (firstStatus, _) = await RedeemAsync(code, verifier);
        var (secondStatus, second) = await RedeemAsync(code, verifier);

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.BadRequest, secondStatus);
        Assert.Equal("invalid_grant", second.GetProperty("error").GetString());
    }

    [Fact]
    public async Task WrongPkceVerifier_IsInvalidGrant()
    {
        var (_, challenge) = IdentityHost.NewPkce();
        var (otherVerifier, _) = IdentityHost.NewPkce();
        var code = await SignInForCodeAsync("alice@contoso.test", challenge);

        var (status, body) = await RedeemAsync(code, otherVerifier);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Contains("code_verifier", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeRedemption_OtherRedirectUri_IsInvalidGrant()
    {
        var (verifier, challenge) = IdentityHost.NewPkce();
        var code = await SignInForCodeAsync("alice@contoso.test", challenge);

        var (status, body) = await RedeemAsync(code, verifier, redirectUri: "https://127.0.0.1:5001/elsewhere");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ClientCredentials_ArmScope_AppTokenWithThatAudience()
    {
        var (status, body) = await _host.PostFormAsync(_host.TenantPath("oauth2/v2.0/token"), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = "anything",
            ["scope"] = "https://management.azure.com/.default",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var result = await _host.ValidateWithJwksAsync(body.GetProperty("access_token").GetString()!, "https://management.azure.com");
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("app", result.Claims["idtyp"]);
        Assert.Equal(ClientId, result.Claims["appid"]);
        Assert.Equal(ClientId, result.Claims["azp"]);
        Assert.Equal(SimulatorIdentityProvider.ServicePrincipalObjectId(ClientId).ToString(), result.Claims["oid"]);
        Assert.DoesNotContain(result.ClaimsIdentity.Claims, c => c.Type == "roles");
        Assert.True(_host.Provider.ValidateAccessToken(body.GetProperty("access_token").GetString()!, "https://management.azure.com").IsValid);
        Assert.True(_host.Provider.ValidateAccessToken(body.GetProperty("access_token").GetString()!, SimulatorIdentity.ArmAudience).IsValid);
    }

    [Fact]
    public async Task ClientCredentials_WithoutDotDefaultScope_IsInvalidScope()
    {
        var (status, body) = await _host.PostFormAsync(_host.TenantPath("oauth2/v2.0/token"), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["scope"] = "openid",
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RegisteredClients_WrongSecret_IsInvalidClient()
    {
        await using var host = await IdentityHost.StartAsync(o => o.Clients["app-1"] = "s3cret");

        var (status, body) = await host.PostFormAsync(host.TenantPath("oauth2/v2.0/token"), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "app-1",
            ["client_secret"] = "wrong",
            ["scope"] = "https://management.azure.com/.default",
        });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Logout_LoopbackTarget_Redirects_OtherwiseShowsSignedOut()
    {
        using var loopback = await _host.Client.GetAsync(new Uri(_host.TenantPath("oauth2/v2.0/logout?post_logout_redirect_uri=" + Uri.EscapeDataString("https://localhost:5001/signout-callback-oidc") + "&state=x"), UriKind.Relative));
        using var foreign = await _host.Client.GetAsync(new Uri(_host.TenantPath("oauth2/v2.0/logout?post_logout_redirect_uri=" + Uri.EscapeDataString("https://evil.example/")), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, loopback.StatusCode);
        Assert.Equal("https://localhost:5001/signout-callback-oidc?state=x", loopback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.Null(foreign.Headers.Location);
        Assert.Contains("Signed out", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // ---- Control API ----------------------------------------------------------------------------------------

    public static TheoryData<string, string[]> DemoPeople => new()
    {
        { "alice@contoso.test", ["JitDashboard.Operator"] },
        { "bob@contoso.test", ["JitDashboard.Approver"] },
        { "carol@contoso.test", ["JitDashboard.Admin"] },
        { "dave@contoso.test", ["JitDashboard.Reader"] },
        { "erin@contoso.test", [] },
    };

    [Theory]
    [MemberData(nameof(DemoPeople))]
    public async Task ControlToken_DemoPerson_CarriesTheirRoles(string user, string[] roles)
    {
        using var response = await _host.Client.PostAsJsonAsync(new Uri(SimulatorIdentityEndpoints.ControlTokenPath, UriKind.Relative), new { user });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        var result = await _host.ValidateWithJwksAsync(body.GetProperty("access_token").GetString()!, "api://jitdashboard");
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(roles, result.ClaimsIdentity.FindAll("roles").Select(c => c.Value));
        Assert.Equal(user, result.Claims["preferred_username"]);
        Assert.Equal("access_as_user", result.Claims["scp"]);
        var principal = _host.Provider.ValidateAccessToken(body.GetProperty("access_token").GetString()!, "api://jitdashboard");
        Assert.True(principal.IsValid, principal.Message);
        Assert.Equal(roles.Length == 1, roles.Length == 1 && principal.Principal!.IsInRole(roles[0]));
    }

    [Fact]
    public async Task ControlToken_AudienceAndLifetime_AreHonoured()
    {
        using var response = await _host.Client.PostAsJsonAsync(new Uri(SimulatorIdentityEndpoints.ControlTokenPath, UriKind.Relative),
            new { user = "carol@contoso.test", audience = "https://management.azure.com/", lifetimeMinutes = 10 });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(600, body.GetProperty("expires_in").GetInt32());
        var token = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("https://management.azure.com/", Assert.Single(token.Audiences));
        Assert.Equal(TimeSpan.FromMinutes(10), token.ValidTo - token.ValidFrom);
    }

    [Fact]
    public async Task ControlToken_UnknownUser_Is400NamingTheValidUsers()
    {
        using var response = await _host.Client.PostAsJsonAsync(new Uri(SimulatorIdentityEndpoints.ControlTokenPath, UriKind.Relative), new { user = "mallory@contoso.test" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        foreach (var person in SimulatorIdentity.People)
            Assert.Contains(person.UserName, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlToken_NonLoopbackCaller_Is403()
    {
        // Kestrel only listens on loopback here, so the remote address is rewritten to play a remote caller.
        await using var host = await IdentityHost.StartAsync(beforeEndpoints: app => app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
            return next(context);
        }));

        using var response = await host.Client.PostAsJsonAsync(new Uri(SimulatorIdentityEndpoints.ControlTokenPath, UriKind.Relative), new { user = "alice@contoso.test" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    // ---- ValidateAccessToken --------------------------------------------------------------------------------

    [Fact]
    public async Task ValidateAccessToken_BadTokens_FailWithDistinctReasons()
    {
        await _host.GetJsonAsync(_host.TenantPath("v2.0/.well-known/openid-configuration")); // pins the issuer to this host
        var provider = _host.Provider;
        const string audience = "api://jitdashboard";
        var alice = SimulatorIdentity.Alice;

        var cases = new Dictionary<SimulatorTokenFailure, string>
        {
            [SimulatorTokenFailure.Expired] = provider.CreateExpiredAccessToken(alice, audience),
            [SimulatorTokenFailure.InvalidAudience] = provider.CreateAccessToken(alice, "api://someone-else"),
            [SimulatorTokenFailure.InvalidIssuer] = provider.CreateAccessToken(alice, audience, issuer: "https://login.microsoftonline.com/" + SimulatorIdentity.TenantId + "/v2.0"),
            [SimulatorTokenFailure.NotSigned] = provider.CreateUnsignedAccessToken(alice, audience),
            [SimulatorTokenFailure.InvalidSignature] = provider.CreateForeignSignedAccessToken(alice, audience),
            [SimulatorTokenFailure.Malformed] = "not-a-jwt",
        };

        Assert.True(provider.ValidateAccessToken(provider.CreateAccessToken(alice, audience), audience).IsValid);
        foreach (var (expected, token) in cases)
        {
            var result = provider.ValidateAccessToken(token, audience);
            Assert.False(result.IsValid, expected.ToString());
            Assert.Null(result.Principal);
            Assert.Equal(expected, result.Failure);
        }
    }

    // ---- Helpers --------------------------------------------------------------------------------------------

    private static string[] Strings(JsonElement doc, string name) =>
        doc.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    private Uri AuthorizeUrl(string responseType, string responseMode, string? nonce = null, string? state = null, string? redirectUri = null,
        string? codeChallenge = null, string scope = "openid profile")
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["response_type"] = responseType,
            ["response_mode"] = responseMode,
            ["scope"] = scope,
            ["nonce"] = nonce,
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = codeChallenge is null ? null : "S256",
        };
        var text = string.Join('&', query.Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + Uri.EscapeDataString(kv.Value!)));
        return new Uri(_host.TenantPath("oauth2/v2.0/authorize?" + text), UriKind.Relative);
    }

    private async Task<(string Action, Dictionary<string, string> Fields)> OpenSignInPageAsync(Uri authorizeUrl)
    {
        using var response = await _host.Client.GetAsync(authorizeUrl);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return IdentityHost.ParseForm(html);
    }

    private async Task<HttpResponseMessage> PostFormAsync(string action, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _host.Client.PostAsync(new Uri(action, UriKind.RelativeOrAbsolute), content);
    }

    private async Task<string> SignInForCodeAsync(string user, string challenge, string nonce = "n", string scope = "openid profile")
    {
        var (action, fields) = await OpenSignInPageAsync(AuthorizeUrl("code", "query", nonce: nonce, state: "s", codeChallenge: challenge, scope: scope));
        fields["user"] = user;
        using var response = await PostFormAsync(action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.OriginalString, StringComparison.Ordinal);
        var answer = IdentityHost.ParseQuery(location.Query);
        Assert.Equal("s", answer["state"]);
        Assert.False(answer.ContainsKey("id_token"));
        return answer["code"];
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(string code, string verifier, string? redirectUri = null) =>
        _host.PostFormAsync(_host.TenantPath("oauth2/v2.0/token"), new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri ?? RedirectUri,
            ["code_verifier"] = verifier,
        });
}
