using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

public sealed class MachinesPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task MachinesPage_DemoEstate_ListsEveryMachineAndSearches()
    {
        var page = await fixture.OpenAsync("/machines");

        // The demo estate's machines arrive from the embedded simulator over HTTPS.
        var count = page.GetByTestId("machine-count");
        await Assertions.Expect(count).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ machines$"));
        var total = int.Parse((await count.TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        // Every VM of the demo estate (counted from it, not hard-coded).
        Assert.Equal(JitDashboard.Simulator.Estate.DemoEstate.Create()["resources"]!.AsArray().Count(r => (string?)r!["type"] is "Microsoft.Compute/virtualMachines" or "Microsoft.ClassicCompute/virtualMachines"), total);
        // Virtualized: only the first screenful of rows exists; the first machine by name is among them.
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "machines.png"), FullPage = true });

        await page.GetByPlaceholder("Search").FillAsync("jumpbox");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vm-jumpbox-01", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vm-web-prod-01", Exact = true })).ToHaveCountAsync(0);

        await page.GetByPlaceholder("Search").FillAsync("web-prod-01");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vm-web-prod-01", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "vm-jumpbox-01", Exact = true })).ToHaveCountAsync(0);
    }
}
