using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 4's journey: find every exposed VM, see which rule exposes it, export the list.</summary>
public sealed class EstateJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ExposedOnly_DrawerShowsDecisiveRule_AndExportHoldsTheFilteredRows()
    {
        var page = await fixture.OpenAsync("/machines");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));

        await page.GetByTestId("filter-exposed").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("exposed=true"));
        var count = page.GetByTestId("machine-count");
        await Assertions.Expect(count).ToHaveTextAsync(new Regex(@"^\d+ of \d+ machines$"));
        var shown = int.Parse((await count.TextContentAsync())!.Split(' ')[0], CultureInfo.InvariantCulture);
        var expected = (await fixture.Host.LoadedEstateAsync()).Machines.Count(m => m.Facts.Exposed);
        Assert.Equal(expected, shown);

        // The drawer names the rule that opens the port, highlighted as decisive.
        await MachinesGrid.OpenFirstDrawerAsync(page);
        var drawer = page.GetByTestId("machine-drawer");
        await Assertions.Expect(drawer).ToBeVisibleAsync();
        var decisive = drawer.Locator("tr[aria-current='true']").First;
        await Assertions.Expect(decisive).ToContainTextAsync("decisive");
        await Assertions.Expect(drawer.GetByTestId("drawer-recommendations")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "machine-drawer.png") });
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(drawer).ToBeHiddenAsync();

        // Export the filtered view: every exposed VM, one CSV row each.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-view").ClickAsync());
        var path = Path.Combine(BrowserFixture.ArtifactsDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("jitdashboard-machines-", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(expected + 1, lines.Count);
    }
}
