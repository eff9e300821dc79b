using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using JitDashboard.Simulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JitDashboard.IntegrationTests.Platform.Identity;

/// <summary>The identity module alone on a real Kestrel listener (http://127.0.0.1:0), as the simulator host wires it.</summary>
public sealed partial class IdentityHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private IdentityHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseUri };
    }

    public Uri BaseUri { get; }

    /// <summary>A client that does not follow redirects, so that tests see each 302.</summary>
    public HttpClient Client { get; }

    public SimulatorIdentityProvider Provider => _app.Services.GetRequiredService<SimulatorIdentityProvider>();

    public string Issuer => $"{BaseUri.GetLeftPart(UriPartial.Authority)}/{SimulatorIdentity.TenantId}/v2.0";

    public string TenantPath(string rest) => $"/{SimulatorIdentity.TenantId}/{rest}";

    public static async Task<IdentityHost> StartAsync(Action<SimulatorIdentityOptions>? configure = null, Action<WebApplication>? beforeEndpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSimulatorIdentity(configure);
        var app = builder.Build();
        beforeEndpoints?.Invoke(app);
        app.MapSimulatorIdentity();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new IdentityHost(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostFormAsync(string path, IDictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Validates a token the way a relying party would: keys from the JWKS endpoint, issuer, audience.</summary>
    public async Task<TokenValidationResult> ValidateWithJwksAsync(string token, string audience)
    {
        var jwks = new JsonWebKeySet((await GetJsonAsync(TenantPath("discovery/v2.0/keys"))).GetRawText());
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidIssuer = Issuer,
            ValidAudience = audience,
            RoleClaimType = "roles",
            NameClaimType = "name",
        });
    }

    /// <summary>Reads the hidden inputs of the first form of a page, and its action.</summary>
    public static (string Action, Dictionary<string, string> Fields) ParseForm(string html)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return (action, fields);
    }

    public static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?', '#').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""));

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}
