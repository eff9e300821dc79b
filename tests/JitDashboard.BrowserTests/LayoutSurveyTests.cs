using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Screenshots of the main pages at desktop, laptop and phone size (artifacts/playwright/survey-*), for people to look at.</summary>
public sealed class LayoutSurveyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task MainPages_Screenshots(int width, int height)
    {
        var page = await fixture.OpenAsync("/", "carol@contoso.test");
        await page.SetViewportSizeAsync(width, height);
        foreach (var (path, name, ready) in new[]
        {
            ("/", "overview", "h1"),
            ("/machines", "machines", "[data-testid='machine-count']"),
            ("/access", "access", "h1"),
            ("/audit", "audit", "h1"),
        })
        {
            await page.GotoAsync(path);
            await page.Locator("[data-interactive='true']").First.WaitForAsync();
            await page.Locator(ready).First.WaitForAsync();
            await Transitions.SettleAsync(page);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"survey-{name}-{width}.png") });
        }
    }
}
