using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.Features.Audit;
using System.Net;
using JitDashboard.Platform.Audit;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Platform.Identity.AuthTestSupport;

namespace JitDashboard.IntegrationTests.Platform.Identity;

/// <summary>Sign-in through Microsoft.Identity.Web against the embedded simulator, driven by HttpClient.</summary>
public sealed class SignInTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Page_Anonymous_RedirectsToLoginWithLocalReturnUrl()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseUri };

        using var response = await client.GetAsync("/machines");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/authentication/login?returnUrl=%2Fmachines", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task SignIn_LocalReturnUrl_IsKept_AndAudited()
    {
        var audit = fixture.Host.Services.GetRequiredService<IAuditLog>();
        var query = new AuditQuery { Action = AuditActions.UserSignedIn, Actor = Person("bob") };
        var before = (await audit.QueryAsync(query)).TotalCount;

        var (app, location) = await fixture.Host.SignInAsync(Person("bob"), "/authentication/login?returnUrl=%2Fmachines%3Fq%3Dweb");
        using (app)
        {
            Assert.Equal("/machines?q=web", location);
            using var page = await app.GetAsync("/machines");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Equal(before + 1, (await audit.QueryAsync(query)).TotalCount);
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example%2F")]
    public async Task SignIn_ForgedReturnUrl_StaysLocal(string forged)
    {
        var (app, location) = await fixture.Host.SignInAsync(Person("dave"), "/authentication/login?returnUrl=" + forged);
        using (app)
        {
            Assert.Equal("/", location);
        }
    }

    [Fact]
    public async Task Page_PersonWithNoRole_GoesToAccessDenied()
    {
        var (app, _) = await fixture.Host.SignInAsync(Person("erin"), "/authentication/login?returnUrl=%2Fmachines");
        using (app)
        {
            using var page = await app.GetAsync("/machines");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

            using var denied = await app.GetAsync("/access-denied");
            Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
            Assert.Contains("Access denied", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Page_ReaderOnAdminPage_GoesToAccessDenied()
    {
        var (app, _) = await fixture.Host.SignInAsync(Person("dave"), "/authentication/login");
        using (app)
        {
            using var page = await app.GetAsync("/automation");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logout_WithAntiforgeryToken_EndsBothSessionsAndAudits()
    {
        var audit = fixture.Host.Services.GetRequiredService<IAuditLog>();
        var query = new AuditQuery { Action = AuditActions.UserSignedOut, Actor = Person("carol") };
        var before = (await audit.QueryAsync(query)).TotalCount;
        var (app, _) = await fixture.Host.SignInAsync(Person("carol"), "/authentication/login");
        using (app)
        {
            // The app bar's sign-out form carries the antiforgery token (prerendered into the page).
            var html = await app.GetStringAsync("/");
            var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(token);

            using var response = await app.PostAsync("/authentication/logout", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
                ["returnUrl"] = "/",
            }));

            // On to the identity provider's end-session endpoint, and the cookie is gone.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith(fixture.Host.Simulator().BaseUri.ToString(), response.Headers.Location!.ToString(), StringComparison.Ordinal);
            Assert.Contains("/oauth2/v2.0/logout", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            using var page = await app.GetAsync("/machines");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/authentication/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(before + 1, (await audit.QueryAsync(query)).TotalCount);
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefused()
    {
        var (app, _) = await fixture.Host.SignInAsync(Person("alice"), "/authentication/login");
        using (app)
        {
            using var response = await app.PostAsync("/authentication/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

            // Still signed in.
            using var page = await app.GetAsync("/machines");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
