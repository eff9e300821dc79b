using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Simulator;
using JitDashboard.Simulator.Identity;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Platform.Identity;

/// <summary>One real dashboard (Kestrel, http, embedded simulator, its own SQLite file) shared by a test class.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private DashboardHost? _host;

    public DashboardHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}

/// <summary>Tokens from the embedded simulator, API calls with them, and a browserless sign-in.</summary>
internal static class AuthTestSupport
{
    public static SimulatorHost Simulator(this DashboardHost host) =>
        host.EmbeddedSimulator
        ?? throw new InvalidOperationException("The dashboard runs no embedded simulator.");

    public static SimulatorIdentityProvider Identity(this DashboardHost host) => host.Simulator().Identity;

    public static HttpClient SimulatorClient(this DashboardHost host) =>
        new(SimulatorHost.CreateTrustingHandler(host.Simulator().Certificate)) { BaseAddress = host.Simulator().BaseUri };

    /// <summary>Public contract 3: <c>POST /_simulator/identity/token</c>.</summary>
    public static async Task<string> TokenAsync(this DashboardHost host, string user)
    {
        using var sim = host.SimulatorClient();
        using var response = await sim.PostAsJsonAsync("/_simulator/identity/token", new { user });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString()!;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> ApiAsync(this DashboardHost host, HttpMethod method, string path, string? token)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    /// <summary>
    /// Signs in as a demo person the way a browser does (code flow, answered by redirects), without following the
    /// last redirect: returns the cookie-holding client and where the app sends the browser after sign-in.
    /// </summary>
    public static async Task<(HttpClient App, string FinalLocation)> SignInAsync(this DashboardHost host, string user, string loginPath)
    {
        var app = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = host.BaseUri };
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(host.Simulator().Certificate) is SocketsHttpHandler h ? Configure(h) : throw new InvalidOperationException());

        using var challenge = await app.GetAsync(new Uri(loginPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(host.Simulator().BaseUri.ToString(), authorize.ToString(), StringComparison.Ordinal);

        var page = await sim.GetStringAsync(authorize);
        var (action, fields) = IdentityHost.ParseForm(page);
        fields["user"] = user;
        using var picked = await sim.PostAsync(new Uri(host.Simulator().BaseUri, action), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
        var callback = picked.Headers.Location!;
        Assert.StartsWith(host.BaseUri.ToString(), callback.ToString(), StringComparison.Ordinal);

        using var done = await app.GetAsync(callback);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"callback → {(int)done.StatusCode} {await done.Content.ReadAsStringAsync()}");
        return (app, done.Headers.Location!.OriginalString);
    }

    private static SocketsHttpHandler Configure(SocketsHttpHandler handler)
    {
        handler.AllowAutoRedirect = false;
        handler.UseCookies = false;
        return handler;
    }

    public static string Person(string name) => name + "@contoso.test";
}
