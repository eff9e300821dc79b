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
        await WaitForStoredSortAsync(page, "[{\"column\":\"impact\",\"descending\":false}]");
        await impact.ClickAsync();
        await WaitForStoredSortAsync(page, "[{\"column\":\"impact\",\"descending\":true}]");
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First.Locator(".jd-impact")).Not.ToHaveTextAsync("—");
        var sorted = await WaitForDescendingImpactsAsync(page);
        Assert.NotEqual(unsorted, await FirstNamesAsync(page));

        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await Assertions.Expect(page.Locator(".jd-machines-grid.jd-comfortable")).ToHaveCountAsync(1);
        // The sort comes back once the grid has its rows: every row on the page in descending impact again, the
        // highest on top. (The estate is live, so only the order is compared, not the exact values further down.)
        var restored = await WaitForDescendingImpactsAsync(page);
        Assert.Equal(sorted[0], restored[0]);
        Assert.NotEqual(unsorted, await FirstNamesAsync(page));
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

    // The value of the one per-user key that ends in .<name> (jd.machines.<user hash>.<name>), null when none is stored.
    private static string StoredJs(string name) =>
        $"() => {{ const k = Object.keys(localStorage).find(k => /^jd\\.machines\\.[0-9a-f]{{16}}\\.{name}$/.test(k)); return k ? localStorage.getItem(k) : null; }}";

    private static Task WaitForStoredSortAsync(IPage page, string expected) =>
        JitDashboard.Testing.Eventually.WaitAsync(
            () => page.EvaluateAsync<string?>(StoredJs("sort")),
            stored => stored == expected, TimeSpan.FromSeconds(10), $"the sort {expected} to be stored");

    /// <summary>The impacts of every row on the page once they read highest first, a real gain on top.</summary>
    private static async Task<IReadOnlyList<double>> WaitForDescendingImpactsAsync(IPage page)
    {
        // The probe reads the texts (so a timeout shows them); the condition compares them as the grid sorts.
        var texts = await JitDashboard.Testing.Eventually.WaitAsync(
            async () => string.Join(" ", await page.Locator("tr.jd-machine-row .jd-impact").AllInnerTextsAsync()),
            joined => IsDescending(Impacts(joined)),
            TimeSpan.FromSeconds(15), "the rows to be sorted by impact, highest first");
        return Impacts(texts);
    }

    private static List<double> Impacts(string joined) =>
        joined.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ImpactValue).ToList();

    private static bool IsDescending(List<double> impacts) =>
        impacts.Count > 1 && impacts[0] > 0 && impacts.Zip(impacts.Skip(1)).All(p => p.First >= p.Second);

    // As the grid sorts them: "—" is no gain (0), "?" an unknown impact (below every known one).
    private static double ImpactValue(string text) => text.Trim() switch
    {
        "—" => 0,
        "?" => -1,
        var t => double.Parse(t.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<IReadOnlyList<string>> FirstNamesAsync(IPage page) =>
        (await page.Locator("tr.jd-machine-row .jd-link-button").AllInnerTextsAsync()).Take(5).ToList();
}
