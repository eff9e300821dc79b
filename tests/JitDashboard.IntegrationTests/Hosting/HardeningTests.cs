using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Hosting;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>Security headers, HTTPS, rate limits, body limits, antiforgery and the simulator/Azure-mode boundary.</summary>
public sealed class HardeningTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/me")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/does-not-exist")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseUri };
        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Equal(HardeningExtensions.ContentSecurityPolicy, csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scriptSrc);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        // Loopback over http: no HSTS (it would pin a developer's localhost to https).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task ApiDocs_HaveTheirOwnRelaxedPolicy_ScopedToApiDocs()
    {
        using var client = fixture.Host.CreateClient();
        using var response = await client.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HardeningExtensions.ApiDocsContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", HardeningExtensions.ApiDocsContentSecurityPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackOverHttp_IsNotRedirected()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseUri };
        using var response = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HttpsAlways_RedirectsToHttps()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Hardening:Https"] = "Always", ["Hardening:HttpsPort"] = "8443" });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri };
        using var response = await client.GetAsync("/api/v1/me?x=1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://127.0.0.1:8443/api/v1/me?x=1", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task RateLimit_IsPerUser_429WithRetryAfterAndProblemDetails()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Hardening:RateLimit:PermitLimit"] = "3",
            ["Hardening:RateLimit:Window"] = "00:10:00",
        });
        var alice = await host.TokenAsync(AuthTestSupport.Person("alice"));
        var bob = await host.TokenAsync(AuthTestSupport.Person("bob"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/me", alice)).Status);

        var (status, body, response) = await host.ApiAsync(HttpMethod.Get, "/api/v1/me", alice);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Contains("Try again", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);

        // Another user has their own window.
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/me", bob)).Status);
        // Pages are not limited by the API limiter.
        using var page = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri };
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await page.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task ApiBodyOverTheLimit_Is413ProblemDetails_DeclaredOrStreamed()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Hardening:MaxApiRequestBodyBytes"] = "2048" });
        var alice = await host.TokenAsync(AuthTestSupport.Person("alice"));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", alice);
        var big = "{\"machineIds\":[\"" + new string('a', 10_000) + "\"]}";

        using var declared = await client.PostAsync("/api/v1/jit/apply", new StringContent(big, Encoding.UTF8, "application/json"));
        await AssertTooLarge(declared);

        // Chunked: no Content-Length, Kestrel stops reading at the limit.
        using var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jit/apply") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await client.SendAsync(request);
        await AssertTooLarge(chunked);

        static async Task AssertTooLarge(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(413, body.GetProperty("status").GetInt32());
            Assert.Contains("Hardening:MaxApiRequestBodyBytes", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignOutWithoutAntiforgeryToken_IsRefused()
    {
        var (app, _) = await fixture.Host.SignInAsync(AuthTestSupport.Person("alice"), "/authentication/login");
        using (app)
        {
            using var response = await app.PostAsync("/authentication/logout", new FormUrlEncodedContent([new("returnUrl", "/")]));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    /// <summary>
    /// Every state-changing endpoint is either antiforgery-checked (cookie-authenticated forms) or under /api, where
    /// only bearer tokens authenticate (a browser never attaches those on its own), or Blazor's hub (its circuit
    /// needs the descriptor only a same-origin page can read).
    /// </summary>
    [Fact]
    public void EveryUnsafeEndpoint_IsAntiforgeryChecked_OrBearerOnly()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var unsafeEndpoints = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD" or "OPTIONS")) ?? false)
            .ToList();
        Assert.NotEmpty(unsafeEndpoints);
        foreach (var endpoint in unsafeEndpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal))
                continue;
            var antiforgery = endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>();
            Assert.True(antiforgery?.RequiresValidation == true, $"{pattern} changes state without an antiforgery check.");
        }

        // The API's default scheme is the bearer token, never the cookie.
        var selector = fixture.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.PolicySchemeOptions>>().Get(AuthExtensions.SelectorScheme);
        var context = new DefaultHttpContext();
        context.Request.Path = "/api/v1/jit/apply";
        Assert.Equal(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme, selector.ForwardDefaultSelector!(context));
    }

    [Fact]
    public async Task AzureMode_RunsNoSimulator_AndRefusesADemoToken()
    {
        // A simulator elsewhere mints a perfectly valid demo token for Admin alice.
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Url = "https://127.0.0.1:0" });
        using var simClient = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        using var minted = await simClient.PostAsync("/_simulator/identity/token", new StringContent("{\"user\":\"alice@contoso.test\"}", Encoding.UTF8, "application/json"));
        var token = JsonDocument.Parse(await minted.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Mode"] = "Azure",
            ["AzureAd:Instance"] = "https://127.0.0.1:1/",
            ["AzureAd:TenantId"] = "11111111-1111-4111-8111-111111111111",
            ["AzureAd:ClientId"] = "22222222-2222-4222-8222-222222222222",
            ["Authentication:BackchannelTimeoutSeconds"] = "2",
        });

        var connection = host.Services.GetRequiredService<ArmConnection>().Current;
        Assert.Null(connection.Hosted);
        Assert.Null(host.EmbeddedSimulator);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ApiAsync(HttpMethod.Get, "/api/v1/me", token)).Status);
        // The simulator's sign-in pages are not part of the app.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUri };
        using var identity = await client.GetAsync("/_simulator/identity/token");
        Assert.NotEqual(HttpStatusCode.OK, identity.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}.");
}
