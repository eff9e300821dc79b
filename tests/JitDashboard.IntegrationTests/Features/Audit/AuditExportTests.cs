using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;

namespace JitDashboard.IntegrationTests.Features.Audit;

/// <summary>The Audit page's CSV download, through a real sign-in.</summary>
public sealed class AuditExportTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Export_SignedInReader_DownloadsTheSignInsAsCsv()
    {
        var (app, _) = await fixture.Host.SignInAsync(AuthTestSupport.Person("dave"), "/authentication/login?returnUrl=%2Faudit");
        using var _ = app;

        using var response = await app.GetAsync(new Uri("/audit/export.csv?action=user.*", UriKind.Relative));
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("user.signed-in", csv, StringComparison.Ordinal);
        Assert.Contains("dave@contoso.test", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Anonymous_IsNotServed()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseUri };

        using var response = await client.GetAsync(new Uri("/audit/export.csv", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
