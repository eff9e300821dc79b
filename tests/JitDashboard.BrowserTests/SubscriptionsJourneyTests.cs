using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// Issue 14's journey: a newcomer sees the demo's degraded subscription from the Machines page's banner, follows it to
/// the Subscriptions view, and reads the problem, ARM's code and the fix; the Unknown cells say why.
/// </summary>
public sealed class SubscriptionsJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Banner_LeadsToTheSubscriptionsView_WithTheProblemAndItsFix()
    {
        var page = await fixture.OpenAsync("/machines");
        var banner = page.GetByTestId("degraded-banner");
        await Assertions.Expect(banner).ToContainTextAsync(new Regex(@"1 of \d+ subscriptions is incomplete|1 of \d+ subscriptions are incomplete"));

        await page.GetByTestId("degraded-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/subscriptions$"));
        var degraded = page.Locator("[data-testid=subscription][data-health=Degraded]");
        await Assertions.Expect(degraded).ToHaveCountAsync(1);
        var problem = degraded.Locator("[data-testid=problem][data-source=Assessments]");
        await Assertions.Expect(problem).ToContainTextAsync("AuthorizationFailed");
        await Assertions.Expect(problem).ToContainTextAsync("Fix:");
        await Assertions.Expect(problem).ToContainTextAsync("Microsoft.Security/assessments/read");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "subscriptions.png"), FullPage = true });

        // Back on Machines: that subscription's recommendation cells are Unknown and say why on hover.
        await page.GotoAsync("/machines");
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        var unknown = page.Locator("[aria-label*='Unknown']").First;
        await Assertions.Expect(unknown).ToHaveAttributeAsync("title", new Regex("assessments/read"));
    }
}
