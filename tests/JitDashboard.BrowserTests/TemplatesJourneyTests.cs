using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 5: an Admin adds a Linux-only template, is shown what is wrong with a bad one, and deletes one.</summary>
public sealed class TemplatesJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Admin_CreatesLinuxOnlyTemplate_SeesErrorsForABadOne_AndDeletesIt()
    {
        var page = await fixture.OpenAsync("/policies/templates", "carol@contoso.test");
        var rows = page.GetByTestId("template-row");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await page.GetByTestId("template-create").ClickAsync();
        var dialog = page.GetByTestId("template-dialog");
        await dialog.GetByLabel("Name").FillAsync("Linux SSH");
        await dialog.GetByTestId("port-duration-1h").ClickAsync();
        // The OS select is the one showing "Any".
        await dialog.Locator(".mud-select", new() { HasText = "Any" }).Last.ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Linux", new() { Exact = true }).ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("template-edit.png") });
        await page.GetByTestId("template-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("template-ports")).ToHaveTextAsync(["22/*, 3389/*, 5985/*, 5986/*", "22/* Linux"]);

        // Invalid: the service's errors show beside the fields, the dialog stays and nothing is stored.
        await page.GetByTestId("template-create").ClickAsync();
        await dialog.GetByLabel("Name").FillAsync("Broken");
        await dialog.GetByLabel("Port", new() { Exact = true }).FillAsync("70000");
        await dialog.GetByLabel("ISO 8601").FillAsync("PT4M");
        await page.GetByTestId("template-save").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("Port 70000 is outside 1..65535.");
        await Assertions.Expect(dialog).ToContainTextAsync("must be between PT5M and PT24H");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("template-errors.png") });
        await page.GetByTestId("template-cancel").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        await page.GetByTestId("template-delete").Nth(1).ClickAsync();
        var confirm = page.Locator(".mud-dialog", new() { HasText = "Delete the template 'Linux SSH'?" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }
}
