using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 8: the Overview in both themes and on a wall screen, with counts that lead to the Machines page.</summary>
public sealed class OverviewJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    [Fact]
    public async Task Overview_LightAndDarkScreenshots_ThemeRemembered_WallScreen_AndCountsLinkToMachines()
    {
        var expected = (await fixture.Host.LoadedEstateAsync()).Machines.Count(m => m.Facts.Exposed);
        var page = await fixture.OpenAsync("/");
        await Assertions.Expect(page.GetByTestId("card-score")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("count-exposed").Locator(".jd-count-value")).ToHaveTextAsync(expected.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("score-percentage")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? %$"));

        // Light first (nothing remembered in a fresh browser context).
        await Assertions.Expect(page.Locator(".jd-root")).ToHaveAttributeAsync("data-theme", "light");
        var light = Path.Combine(BrowserFixture.ArtifactsDirectory, "overview-light.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = light, FullPage = true });
        var lightBackground = await BackgroundAsync(page);

        // The theme toggle is a button reachable from the keyboard.
        await page.GetByTestId("theme-toggle").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".jd-root")).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("aria-pressed", "true");
        var dark = Path.Combine(BrowserFixture.ArtifactsDirectory, "overview-dark.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = dark, FullPage = true });
        var darkBackground = await BackgroundAsync(page);

        Assert.True(File.Exists(light) && new FileInfo(light).Length > 0);
        Assert.True(File.Exists(dark) && new FileInfo(dark).Length > 0);
        Assert.NotEqual(lightBackground, darkBackground);
        Assert.True(Luminance(darkBackground) < Luminance(lightBackground), $"{darkBackground} should be darker than {lightBackground}");

        // Remembered: a reload comes back dark.
        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await Assertions.Expect(page.Locator(".jd-root")).ToHaveAttributeAsync("data-theme", "dark");

        // Wall screen: no app bar or menu, larger type.
        var fontBefore = await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize");
        await page.GetByTestId("wall-toggle").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"wall=1"));
        await Assertions.Expect(page.GetByTestId("overview")).ToHaveAttributeAsync("data-wall", "true");
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeHiddenAsync();
        Assert.NotEqual(fontBefore, await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "overview-wall-dark.png") });
        await page.GetByTestId("wall-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();

        // A count leads to the Machines page with the same filter and the same number.
        await page.GetByTestId("count-exposed").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/machines\?exposed=true"));
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex($@"^{expected} of \d+ machines$"));

        // A top VM by impact is one click from its drawer on the Machines page.
        await page.GoBackAsync();
        var top = page.GetByTestId("top-row").First.Locator("a");
        var name = (await top.TextContentAsync())!.Trim();
        await top.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/machines\?.*open="));
        var drawer = page.GetByTestId("machine-drawer");
        await Assertions.Expect(drawer).ToBeVisibleAsync();
        await Assertions.Expect(drawer).ToContainTextAsync(name);
    }

    /// <summary>Relative luminance of a CSS <c>rgb(r, g, b)</c> colour, 0..255.</summary>
    private static double Luminance(string rgb)
    {
        var parts = Regex.Matches(rgb, @"\d+").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2];
    }
}
