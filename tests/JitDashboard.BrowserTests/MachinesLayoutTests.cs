using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 19: the Machines grid at laptop and phone size, and the per-browser memory of its settings.</summary>
public sealed class MachinesLayoutTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] KeyColumns = ["Name", "Ports", "JIT", "Recommendations", "Impact"];

    [Fact]
    public async Task At1280_TheKeyColumnsShowWithoutScrolling()
    {
        var page = await fixture.NewPageAsync(1280, 800);
        await fixture.SignInAsync(page, "dave@contoso.test", "/machines");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToBeVisibleAsync();

        // The grid's own scroll box: what is visible of the table without scrolling sideways.
        var box = await page.Locator(".jd-machines-grid .mud-table-container").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.Equal(0, await page.Locator(".jd-machines-grid .mud-table-container").EvaluateAsync<double>("e => e.scrollLeft"));
        foreach (var title in KeyColumns)
        {
            var header = page.Locator(".jd-machines-grid thead th").Filter(new() { HasTextRegex = new Regex($"^\\s*{title}") }).First;
            var h = await header.BoundingBoxAsync();
            Assert.NotNull(h);
            Assert.True(h.X >= box.X - 0.5 && h.X + h.Width <= box.X + box.Width + 0.5, $"Column '{title}' ({h.X}..{h.X + h.Width}) is outside the visible grid ({box.X}..{box.X + box.Width}) at 1280 px.");
        }

        // The key cells are not cut: all four management ports, the JIT status and the impact show whole.
        var firstRow = page.Locator("tr.jd-machine-row").First;
        foreach (var cell in new[] { firstRow.Locator("td").Nth(2), firstRow.Locator("td").Nth(3), firstRow.Locator("td").Nth(5) })
            Assert.True(await cell.EvaluateAsync<bool>("td => td.scrollWidth <= td.clientWidth + 1"), $"Cut: {await cell.InnerTextAsync()}");

        // The inventory columns are narrow, their full text on hover.
        var subscription = firstRow.Locator("td.jd-col-secondary span[title]").First;
        Assert.False(string.IsNullOrEmpty(await subscription.GetAttributeAsync("title")));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "machines-1280.png") });
    }

    [Fact]
    public async Task DensityAndSort_AreRememberedAcrossAReload()
    {
        var page = await fixture.OpenAsync("/machines");
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToBeVisibleAsync();
        var unsorted = await FirstNamesAsync(page);

        await page.GetByTestId("density-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".jd-machines-grid.jd-comfortable")).ToHaveCountAsync(1);

        // Impact, highest first (two clicks: ascending, then descending).
        var impact = page.Locator(".jd-machines-grid thead th").Filter(new() { HasTextRegex = new Regex(@"^\s*Impact") }).GetByText("Impact", new() { Exact = true });
        await impact.ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await impact.ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First.Locator(".jd-impact")).Not.ToHaveTextAsync("—");
        var sorted = await FirstImpactsAsync(page);
        Assert.NotEqual(unsorted, await FirstNamesAsync(page));

        Assert.Equal("[{\"column\":\"impact\",\"descending\":true}]", await page.EvaluateAsync<string>("() => localStorage.getItem('jd.machines.sort')"));
        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await Assertions.Expect(page.Locator(".jd-machines-grid.jd-comfortable")).ToHaveCountAsync(1);
        // The sort comes back once the grid has its rows: wait for the highest impact on top.
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First.Locator(".jd-impact")).ToHaveTextAsync(sorted[0]);
        // The same sort (ties may come in another order): the same highest impacts first.
        Assert.Equal(sorted, await FirstImpactsAsync(page));
    }

    [Fact]
    public async Task OnAPhone_EachMachineIsACardWithItsKeyFacts()
    {
        var page = await fixture.OpenOnPhoneAsync("/machines", "dave@contoso.test");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));
        var card = page.Locator("tr.jd-machine-row").First;
        await Assertions.Expect(card).ToBeVisibleAsync();
        // The values show (not only the labels), within the screen.
        await Assertions.Expect(card.Locator(".jd-link-button")).ToBeInViewportAsync();
        await Assertions.Expect(card.Locator(".jd-port-chip").First).ToBeInViewportAsync();
        await Assertions.Expect(card.Locator(".jd-jit-chip")).ToBeInViewportAsync();
        // The inventory columns stay in the drawer; nothing scrolls sideways.
        await Assertions.Expect(card.Locator("td.jd-col-secondary").First).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The Machines page scrolls sideways on a phone.");
        // The app bar fits: the account menu holds the name.
        await Assertions.Expect(page.GetByTestId("user-name")).ToBeHiddenAsync();
        await page.GetByTestId("account-menu").Locator("button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("account-name")).ToHaveTextAsync("Dave Reader");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "machines-phone.png") });
    }

    private static async Task<IReadOnlyList<string>> FirstImpactsAsync(IPage page) =>
        (await page.Locator("tr.jd-machine-row .jd-impact").AllInnerTextsAsync()).Take(5).ToList();

    private static async Task<IReadOnlyList<string>> FirstNamesAsync(IPage page) =>
        (await page.Locator("tr.jd-machine-row .jd-link-button").AllInnerTextsAsync()).Take(5).ToList();
}
