using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.Simulator.Identity;

/// <summary>Wires the simulator's OIDC identity provider into a host.</summary>
public static class SimulatorIdentityEndpoints
{
    public const string ControlTokenPath = "/_simulator/identity/token";

    /// <summary>Registers <see cref="SimulatorIdentityProvider"/> (singleton) and its options.</summary>
    public static IServiceCollection AddSimulatorIdentity(this IServiceCollection services, Action<SimulatorIdentityOptions>? configure = null)
    {
        var builder = services.AddOptions<SimulatorIdentityOptions>();
        if (configure is not null) builder.Configure(configure);
        services.TryAddSingleton<SimulatorIdentityProvider>();
        return services;
    }

    /// <summary>
    /// Maps the issuer's endpoints under <c>/{tenant}/</c> (Entra's paths) and the control API's
    /// <c>POST /_simulator/identity/token</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulatorIdentity(this IEndpointRouteBuilder endpoints)
    {
        var tenant = endpoints.MapGroup("/{tenant}").DisableAntiforgery();
        tenant.MapGet("/v2.0/.well-known/openid-configuration", Discovery);
        tenant.MapGet("/discovery/v2.0/keys", Keys);
        tenant.MapGet("/oauth2/v2.0/authorize", AuthorizeGet);
        tenant.MapPost("/oauth2/v2.0/authorize", AuthorizePost);
        tenant.MapPost("/oauth2/v2.0/token", Token);
        tenant.MapGet("/oauth2/v2.0/logout", Logout);
        tenant.MapPost("/oauth2/v2.0/logout", Logout);
        endpoints.MapPost(ControlTokenPath, ControlToken).DisableAntiforgery();
        return endpoints;
    }

    private static readonly string[] ResponseTypes = ["code", "id_token", "code id_token"];
    private static readonly string[] ResponseModes = ["query", "form_post", "fragment"];
    private static readonly string[] AuthorizeParameters =
        ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "login_hint"];

    // ---- Discovery and keys ---------------------------------------------------------------------------------

    private static bool KnownTenant(string tenant) =>
        string.Equals(tenant, SimulatorIdentity.TenantId, StringComparison.OrdinalIgnoreCase)
        || string.Equals(tenant, "common", StringComparison.OrdinalIgnoreCase)
        || string.Equals(tenant, "organizations", StringComparison.OrdinalIgnoreCase);

    private static string RequestBase(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host.Value}{context.Request.PathBase.Value}";

    private static IResult Discovery(string tenant, HttpContext context, SimulatorIdentityProvider provider)
    {
        if (!KnownTenant(tenant)) return UnknownTenant(tenant);
        var baseUrl = provider.ResolveIssuerBase(RequestBase(context));
        var tenantBase = $"{baseUrl}/{SimulatorIdentity.TenantId}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = SimulatorIdentityProvider.IssuerFor(baseUrl),
            ["authorization_endpoint"] = $"{tenantBase}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{tenantBase}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{tenantBase}/discovery/v2.0/keys",
            ["end_session_endpoint"] = $"{tenantBase}/oauth2/v2.0/logout",
            ["response_types_supported"] = ResponseTypes,
            ["response_modes_supported"] = ResponseModes,
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic", "none" },
            ["code_challenge_methods_supported"] = new[] { "S256", "plain" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "oid", "tid", "name", "preferred_username", "email", "roles", "ver", "c_hash", "at_hash" },
            ["grant_types_supported"] = new[] { "authorization_code", "client_credentials", "refresh_token" },
            ["tenant_region_scope"] = "WW",
            ["cloud_instance_name"] = context.Request.Host.Host,
        });
    }

    private static IResult Keys(string tenant, SimulatorIdentityProvider provider) =>
        KnownTenant(tenant)
            ? Results.Json(new { keys = new[] { provider.PublicJwk } })
            : UnknownTenant(tenant);

    private static IResult UnknownTenant(string tenant) =>
        OAuthError("invalid_tenant", $"Tenant '{tenant}' is not the simulator's tenant {SimulatorIdentity.TenantId}.", StatusCodes.Status404NotFound);

    // ---- Authorize ------------------------------------------------------------------------------------------

    /// <summary>The authorize parameters as received, validated or with the reason they are not.</summary>
    private sealed record AuthorizeRequest(IReadOnlyDictionary<string, string> Values)
    {
        public string Get(string name) => Values.TryGetValue(name, out var v) ? v : "";
        public string ClientId => Get("client_id");
        public string RedirectUri => Get("redirect_uri");
        public string ResponseType => Get("response_type");
        public string ResponseMode => Values.TryGetValue("response_mode", out var m) && m.Length > 0 ? m : (ResponseType == "code" ? "query" : "fragment");
        public string Canonical => string.Join('\n', AuthorizeParameters.Select(p => p + "=" + Get(p)));
    }

    private static AuthorizeRequest ReadAuthorize(Func<string, StringValues> source) =>
        new(AuthorizeParameters
            .Select(p => (p, v: source(p).ToString()))
            .Where(x => x.v.Length > 0)
            .ToDictionary(x => x.p, x => x.v, StringComparer.Ordinal));

    /// <summary>Returns the problem with a request, or null. Only loopback redirect URIs are ever followed.</summary>
    private static string? Validate(AuthorizeRequest request, SimulatorIdentityProvider provider)
    {
        if (string.IsNullOrWhiteSpace(request.ClientId)) return "client_id is missing.";
        var clients = provider.Options.Clients;
        if (clients.Count > 0 && !clients.ContainsKey(request.ClientId)) return $"client_id '{request.ClientId}' is not registered with the simulator.";
        if (!IsLoopbackUrl(request.RedirectUri)) return "redirect_uri must be an absolute http(s) URL on a loopback host (127.0.0.1, localhost or [::1]), without a fragment.";
        if (!ResponseTypes.Contains(NormalizeResponseType(request.ResponseType), StringComparer.Ordinal))
            return "response_type must be 'code', 'id_token' or 'code id_token'.";
        if (!ResponseModes.Contains(request.ResponseMode, StringComparer.Ordinal)) return "response_mode must be 'query', 'form_post' or 'fragment'.";
        // Tokens never travel in a query string (OAuth 2.0 Multiple Response Types, section 5).
        if (request.ResponseMode == "query" && NormalizeResponseType(request.ResponseType) != "code") return "response_mode=query is only allowed with response_type=code.";
        if (NormalizeResponseType(request.ResponseType).Contains("id_token", StringComparison.Ordinal) && string.IsNullOrEmpty(request.Get("nonce")))
            return "nonce is required when an id_token is returned from the authorization endpoint.";
        var method = request.Get("code_challenge_method");
        if (method.Length > 0 && method is not ("S256" or "plain")) return "code_challenge_method must be S256 or plain.";
        if (method.Length > 0 && request.Get("code_challenge").Length == 0) return "code_challenge_method given without code_challenge.";
        return null;
    }

    private static string NormalizeResponseType(string responseType) =>
        string.Join(' ', responseType.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderBy(t => t, StringComparer.Ordinal));

    /// <summary>An absolute http(s) URL on a loopback host; anything else could send codes and tokens off the machine.</summary>
    public static bool IsLoopbackUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return false;
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0) return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static IResult AuthorizeGet(string tenant, HttpContext context, SimulatorIdentityProvider provider)
    {
        if (!KnownTenant(tenant)) return ErrorPage("Unknown tenant", $"Tenant '{tenant}' is not the simulator's tenant {SimulatorIdentity.TenantId}.", StatusCodes.Status404NotFound);
        var request = ReadAuthorize(name => context.Request.Query[name]);
        var problem = Validate(request, provider);
        if (problem is not null) return ErrorPage("Sign-in request refused", problem, StatusCodes.Status400BadRequest);
        return Html(SignInPage(request, provider.SignForm(request.Canonical), context.Request.Path), StatusCodes.Status200OK);
    }

    private static async Task<IResult> AuthorizePost(string tenant, HttpContext context, SimulatorIdentityProvider provider)
    {
        if (!KnownTenant(tenant)) return ErrorPage("Unknown tenant", $"Tenant '{tenant}' is not the simulator's tenant {SimulatorIdentity.TenantId}.", StatusCodes.Status404NotFound);
        if (!context.Request.HasFormContentType) return ErrorPage("Sign-in request refused", "Expected a form post.", StatusCodes.Status400BadRequest);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = ReadAuthorize(name => form[name]);
        // The MAC proves these are the parameters the sign-in page was rendered (and validated) for.
        if (!provider.VerifyForm(request.Canonical, form["request_mac"].ToString()))
            return ErrorPage("Sign-in request refused", "The sign-in form was altered or did not come from this page. Start again from the application.", StatusCodes.Status400BadRequest);
        var problem = Validate(request, provider);
        if (problem is not null) return ErrorPage("Sign-in request refused", problem, StatusCodes.Status400BadRequest);
        var person = SimulatorIdentity.FindPerson(form["user"]);
        if (person is null) return ErrorPage("Unknown person", $"Pick one of: {string.Join(", ", SimulatorIdentity.People.Select(p => p.UserName))}.", StatusCodes.Status400BadRequest);

        var issuer = SimulatorIdentityProvider.IssuerFor(provider.ResolveIssuerBase(RequestBase(context)));
        var responseType = NormalizeResponseType(request.ResponseType);
        var answer = new List<KeyValuePair<string, string>>();
        string? code = null;
        if (responseType.Contains("code", StringComparison.Ordinal))
        {
            code = provider.IssueCode(new AuthorizationCodeGrant(
                person, request.ClientId, request.RedirectUri, request.Get("nonce"), request.Get("scope"),
                request.Get("code_challenge") is { Length: > 0 } c ? c : null,
                request.Get("code_challenge_method") is { Length: > 0 } m ? m : null,
                provider.Now + provider.Options.AuthorizationCodeLifetime));
            answer.Add(new("code", code));
        }
        if (responseType.Contains("id_token", StringComparison.Ordinal))
            answer.Add(new("id_token", provider.CreateIdToken(person, request.ClientId, issuer, request.Get("nonce"), code)));
        if (request.Get("state").Length > 0) answer.Add(new("state", request.Get("state")));
        // Entra returns session_state too; harmless, and some clients log it.
        answer.Add(new("session_state", Guid.NewGuid().ToString()));

        switch (request.ResponseMode)
        {
            case "form_post":
                return Html(FormPostPage(request.RedirectUri, answer), StatusCodes.Status200OK);
            case "fragment":
                return Redirect(context, request.RedirectUri + "#" + EncodeForm(answer));
            default:
                var separator = request.RedirectUri.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                return Redirect(context, request.RedirectUri + separator + EncodeForm(answer));
        }
    }

    private static IResult Redirect(HttpContext context, string location)
    {
        NoStore(context);
        return Results.Redirect(location);
    }

    private static string EncodeForm(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join('&', values.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));

    // ---- Token ----------------------------------------------------------------------------------------------

    private static async Task<IResult> Token(string tenant, HttpContext context, SimulatorIdentityProvider provider)
    {
        NoStore(context);
        if (!KnownTenant(tenant)) return UnknownTenant(tenant);
        if (!context.Request.HasFormContentType) return OAuthError("invalid_request", "The token request must be application/x-www-form-urlencoded.");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, secret) = ClientCredentialsOf(context, form);
        if (string.IsNullOrEmpty(clientId)) return OAuthError("invalid_client", "client_id is missing.", StatusCodes.Status401Unauthorized);
        var clients = provider.Options.Clients;
        if (clients.Count > 0)
        {
            if (!clients.TryGetValue(clientId, out var expected))
                return OAuthError("invalid_client", $"client_id '{clientId}' is not registered with the simulator.", StatusCodes.Status401Unauthorized);
            if (!string.IsNullOrEmpty(expected) && !FixedEquals(expected, secret))
                return OAuthError("invalid_client", "The client secret is wrong.", StatusCodes.Status401Unauthorized);
        }

        var issuer = SimulatorIdentityProvider.IssuerFor(provider.ResolveIssuerBase(RequestBase(context)));
        var lifetime = (int)provider.Options.TokenLifetime.TotalSeconds;
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
            {
                var grant = provider.RedeemCode(form["code"].ToString());
                if (grant is null) return OAuthError("invalid_grant", "The authorization code is unknown, expired or already used.");
                if (grant.ClientId != clientId) return OAuthError("invalid_grant", "The authorization code was issued to another client.");
                if (grant.RedirectUri != form["redirect_uri"].ToString()) return OAuthError("invalid_grant", "redirect_uri does not match the one of the authorization request.");
                if (grant.CodeChallenge is not null && !PkceMatches(grant.CodeChallenge, grant.CodeChallengeMethod, form["code_verifier"].ToString()))
                    return OAuthError("invalid_grant", "The PKCE code_verifier does not match the code_challenge.");
                return UserTokens(provider, grant.Person, clientId, issuer, grant.Scope, grant.Nonce, lifetime);
            }
            case "refresh_token":
            {
                var grant = provider.RedeemRefreshToken(form["refresh_token"].ToString());
                if (grant is null || grant.ClientId != clientId) return OAuthError("invalid_grant", "The refresh token is unknown, expired, already used or issued to another client.");
                var scope = form["scope"].ToString() is { Length: > 0 } s ? s : grant.Scope;
                return UserTokens(provider, grant.Person, clientId, issuer, scope, nonce: null, lifetime);
            }
            case "client_credentials":
            {
                var scope = form["scope"].ToString().Trim();
                if (!scope.EndsWith("/.default", StringComparison.Ordinal) || scope.Contains(' ', StringComparison.Ordinal) || scope.Length == "/.default".Length)
                    return OAuthError("invalid_scope", "client_credentials needs exactly one scope of the form '{resource}/.default', e.g. 'https://management.azure.com/.default'.");
                var token = provider.CreateAppAccessTokenForScope(clientId, issuer, scope, out _);
                return Results.Json(new Dictionary<string, object>
                {
                    ["token_type"] = "Bearer",
                    ["expires_in"] = lifetime,
                    ["ext_expires_in"] = lifetime,
                    ["access_token"] = token,
                });
            }
            case "":
                return OAuthError("invalid_request", "grant_type is missing.");
            default:
                return OAuthError("unsupported_grant_type", $"grant_type '{form["grant_type"]}' is not supported; use authorization_code, refresh_token or client_credentials.");
        }
    }

    private static IResult UserTokens(SimulatorIdentityProvider provider, SimulatorPerson person, string clientId, string issuer, string scope, string? nonce, int lifetime)
    {
        var accessToken = provider.CreateUserAccessTokenForScope(person, clientId, issuer, scope);
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = scope,
            ["expires_in"] = lifetime,
            ["ext_expires_in"] = lifetime,
            ["access_token"] = accessToken,
        };
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Contains("openid", StringComparer.Ordinal))
            body["id_token"] = provider.CreateIdToken(person, clientId, issuer, nonce, accessToken: accessToken);
        if (scopes.Contains("offline_access", StringComparer.Ordinal))
            body["refresh_token"] = provider.IssueRefreshToken(person, clientId, scope);
        return Results.Json(body);
    }

    private static (string ClientId, string? Secret) ClientCredentialsOf(HttpContext context, IFormCollection form)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0) return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            }
            catch (FormatException)
            {
                // Falls through to the form's credentials.
            }
        }
        return (form["client_id"].ToString(), form["client_secret"].ToString() is { Length: > 0 } s ? s : null);
    }

    private static bool PkceMatches(string challenge, string? method, string verifier)
    {
        if (verifier.Length == 0) return false;
        var computed = method == "plain" ? verifier : Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return FixedEquals(challenge, computed);
    }

    private static bool FixedEquals(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private static IResult OAuthError(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    // ---- End session ----------------------------------------------------------------------------------------

    private static async Task<IResult> Logout(string tenant, HttpContext context)
    {
        string target, state;
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            (target, state) = (form["post_logout_redirect_uri"].ToString(), form["state"].ToString());
        }
        else
        {
            (target, state) = (context.Request.Query["post_logout_redirect_uri"].ToString(), context.Request.Query["state"].ToString());
        }
        // Stateless: there is no session to end here; the relying party has dropped its own cookie.
        if (KnownTenant(tenant) && IsLoopbackUrl(target))
        {
            var location = state.Length == 0 ? target : target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "state=" + Uri.EscapeDataString(state);
            return Redirect(context, location);
        }
        return Html(Page("Signed out", "<h1>Signed out</h1><p>You are signed out of the JitDashboard simulator. You can close this window.</p>"), StatusCodes.Status200OK);
    }

    // ---- Control API ----------------------------------------------------------------------------------------

    /// <summary>Body of <c>POST /_simulator/identity/token</c> (public contract 3).</summary>
    public sealed class ControlTokenRequest
    {
        public string? User { get; set; }
        public string? Audience { get; set; }
        public int? LifetimeMinutes { get; set; }
    }

    private static readonly JsonSerializerOptions ControlJson = new(JsonSerializerDefaults.Web);

    private static async Task<IResult> ControlToken(HttpContext context, SimulatorIdentityProvider provider)
    {
        NoStore(context);
        // No remote address means an in-process test server; a real listener always has one.
        var remote = context.Connection.RemoteIpAddress;
        if (remote is not null && !IPAddress.IsLoopback(remote))
            return Results.Json(new { error = "forbidden", error_description = "The simulator control API answers loopback callers only." }, statusCode: StatusCodes.Status403Forbidden);

        ControlTokenRequest? body;
        try
        {
            body = await context.Request.ReadFromJsonAsync<ControlTokenRequest>(ControlJson, context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return ControlError("invalid_request", "The body must be JSON like {\"user\": \"alice@contoso.test\"}.");
        }
        var person = SimulatorIdentity.FindPerson(body?.User);
        if (person is null)
            return ControlError("unknown_user", $"Unknown user '{body?.User}'. Valid users: {string.Join(", ", SimulatorIdentity.People.Select(p => p.UserName))}.");
        var minutes = body!.LifetimeMinutes ?? (int)provider.Options.TokenLifetime.TotalMinutes;
        if (minutes is < 1 or > 24 * 60) return ControlError("invalid_request", "lifetimeMinutes must be between 1 and 1440.");
        var audience = string.IsNullOrWhiteSpace(body.Audience) ? provider.Options.DefaultApiAudience : body.Audience.Trim();
        provider.ResolveIssuerBase(RequestBase(context));
        var token = provider.CreateAccessToken(person, audience, TimeSpan.FromMinutes(minutes));
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = minutes * 60,
        });
    }

    private static IResult ControlError(string error, string description) =>
        Results.Json(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = description,
            ["validUsers"] = SimulatorIdentity.People.Select(p => p.UserName).ToArray(),
        }, statusCode: StatusCodes.Status400BadRequest);

    // ---- HTML -----------------------------------------------------------------------------------------------

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private static string E(string value) => Encoder.Encode(value);

    private static void NoStore(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    private static HtmlResult Html(string html, int status) => new HtmlResult(html, status);

    private static IResult ErrorPage(string title, string message, int status) =>
        Html(Page(title, $"<h1>{E(title)}</h1><p role=\"alert\">{E(message)}</p>"), status);

    private static string Page(string title, string body, string? extraHead = null) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} — JitDashboard simulator</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b{"}"}button{"{"}display:block;width:100%;margin:.5rem 0;padding:.75rem 1rem;font-size:1rem;text-align:left;cursor:pointer{"}"}button:focus-visible{"{"}outline:3px solid #0b5cad;outline-offset:2px{"}"}</style>
        {extraHead}
        </head>
        <body>
        <main>
        {body}
        </main>
        </body>
        </html>
        """;

    private static string SignInPage(AuthorizeRequest request, string mac, string action)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Sign in to the JitDashboard simulator</h1>\n");
        sb.Append("<p id=\"pick\">Pick a demo person to sign in as. This is a local stand-in for Entra ID: no password is needed.</p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<p>Application <code>{E(request.ClientId)}</code> will receive your sign-in at <code>{E(request.RedirectUri)}</code>.</p>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(action)}\" aria-describedby=\"pick\">\n");
        foreach (var (name, value) in request.Values)
            sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"request_mac\" value=\"{E(mac)}\">\n");
        foreach (var person in SimulatorIdentity.People)
            sb.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" name=\"user\" value=\"{E(person.UserName)}\">{E(person.DisplayName)} — {E(person.RoleLabel)}</button>\n");
        sb.Append("</form>\n");
        return Page("Sign in", sb.ToString());
    }

    private static string FormPostPage(string redirectUri, IEnumerable<KeyValuePair<string, string>> values)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>Signing you in…</h1>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(redirectUri)}\" id=\"answer\">\n");
        foreach (var (name, value) in values)
            sb.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">\n");
        sb.Append("<noscript><p>JavaScript is off: press Continue to finish signing in.</p></noscript>\n");
        sb.Append("<button type=\"submit\">Continue</button>\n");
        sb.Append("</form>\n");
        sb.Append("<script>document.getElementById('answer').submit();</script>\n");
        return Page("Signing in", sb.ToString());
    }

    /// <summary>An HTML answer that must not be framed or cached (it carries codes and tokens).</summary>
    private sealed class HtmlResult(string html, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
