using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 7: carol creates a dry-run rule on the Automation page, runs it, and reads the run history.</summary>
public sealed class AutomationJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Admin_CreatesARule_RunsIt_AndSeesTheRunHistory()
    {
        var page = await fixture.OpenAsync("/automation", "carol@contoso.test");
        await Assertions.Expect(page.GetByText("No automation rules yet")).ToBeVisibleAsync();

        // A bad subscription id first: the message shows beside the field and nothing is saved.
        await page.GetByTestId("rule-create").ClickAsync();
        var dialog = page.GetByTestId("rule-dialog");
        await dialog.GetByLabel("Name").FillAsync("Dry run everything");
        await dialog.GetByLabel("Subscription ids").FillAsync("not-a-guid");
        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("'not-a-guid' is not a subscription id");
        await dialog.GetByLabel("Subscription ids").FillAsync("");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("automation-rule-edit.png") });
        await page.GetByTestId("rule-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-dialog")).ToHaveCountAsync(0);

        var row = page.GetByTestId("rule-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("rule-name-cell")).ToHaveTextAsync("Dry run everything");
        await Assertions.Expect(row.GetByTestId("rule-mode-cell")).ToHaveTextAsync("Dry run");

        await row.GetByTestId("rule-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("automation-message")).ToContainTextAsync("ran: DryRun");
        var manual = page.GetByTestId("run-row").Filter(new() { Has = page.GetByTestId("run-trigger").GetByText("Manual", new() { Exact = true }) });
        await Assertions.Expect(manual).ToHaveCountAsync(1);
        // The new run opens with what it would do per VM, and why exempt VMs were left alone.
        var details = page.GetByTestId("run-details");
        await Assertions.Expect(details.GetByTestId("action-status").GetByText("WouldApply").First).ToBeVisibleAsync();
        await Assertions.Expect(details.GetByTestId("action-reason").GetByText("Excluded by tag jit-exempt=true.").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("automation-run-history.png") });
        await page.Context.CloseAsync();
    }
}
