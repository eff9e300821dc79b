using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 3's journey: the audit page shows the sign-ins, and the chain verifies.</summary>
public sealed class AuditJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AuditPage_ShowsSignIns_AndVerifiesTheChain()
    {
        var page = await fixture.OpenAsync("/audit", "carol@contoso.test");

        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "user.signed-in" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("carol@contoso.test").First).ToBeVisibleAsync();

        await page.GetByTestId("audit-verify").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-verify-result")).ToContainTextAsync("Chain intact");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "audit.png"), FullPage = true });
    }
}
