using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>The strict CSP (no inline script) leaves the app working: circuit, MudBlazor styling, drawers, API docs.</summary>
public sealed class SecurityHeadersBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pages_WorkUnderTheContentSecurityPolicy_WithoutViolations()
    {
        fixture.CspViolations.Clear();
        var page = await fixture.OpenAsync("/machines", "alice@contoso.test");
        var response = await page.ReloadAsync();
        Assert.Contains("script-src 'self';", await response!.HeaderValueAsync("content-security-policy") ?? string.Empty, StringComparison.Ordinal);
        await page.Locator("[data-interactive='true']").First.WaitForAsync();

        // The grid renders and a row opens the drawer: the circuit (WebSocket) works under connect-src 'self'.
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ machines$"));
        // MudBlazor's theme variables (an inline <style>) arrived: the app bar has its theme colour, not transparent.
        var background = await page.Locator(".mud-appbar").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);

        foreach (var path in new[] { "/operations", "/policies/templates", "/audit", "/" })
        {
            await page.GotoAsync(path);
            await page.Locator("[data-interactive='true']").First.WaitForAsync();
        }

        Assert.Empty(fixture.CspViolations);
    }

    [Fact]
    public async Task ApiDocs_LoadUnderTheirScopedPolicy()
    {
        fixture.CspViolations.Clear();
        var page = await fixture.NewPageAsync();
        // Scalar's default fonts come from its CDN: turned off (DisableDefaultFonts()); the CSP would refuse them.
        var response = await page.GotoAsync("/api/docs");
        Assert.True(response!.Ok);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new() { Timeout = 45_000 });
        Assert.Contains("JitDashboard API", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(fixture.CspViolations);
    }
}
