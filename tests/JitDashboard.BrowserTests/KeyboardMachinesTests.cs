using System.Text.RegularExpressions;
using JitDashboard.Features.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// Issue 19: the Machines page by keyboard alone. Every control is reached with Tab (no click, no programmatic
/// focus) and operated with Enter or Space: quick filters, select-all, a single row, the JIT apply preview and its
/// confirmation.
/// </summary>
public sealed class KeyboardMachinesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Filters_SelectAll_RowSelection_AndApply_ByKeyboardOnly()
    {
        var page = await fixture.OpenAsync("/machines", "alice@contoso.test");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));

        // Quick filters.
        await TabToAsync(page, "[data-testid='filter-not-configured']");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "[data-testid='filter-exposed']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ of \d+ machines$"));
        await Assertions.Expect(page.GetByTestId("filter-exposed")).ToHaveAttributeAsync("aria-pressed", "true");
        var filtered = int.Parse((await page.GetByTestId("machine-count").TextContentAsync())!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        // Select all (the header checkbox), then clear.
        await Assertions.Expect(page.Locator("tr.jd-machine-row").Filter(new() { HasText = "Configured" }).Filter(new() { HasNotText = "Not configured" })).ToHaveCountAsync(0);
        await TabToAsync(page, ".jd-machines-grid thead input[type='checkbox']");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync($"{filtered} selected");
        await TabToAsync(page, "[data-testid='selection-clear']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("selection-bar")).ToHaveCountAsync(0);

        // One row.
        await TabToAsync(page, ".jd-machines-grid tbody tr.jd-machine-row input[type='checkbox']");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync("1 selected");

        // Apply JIT: the preview opens, Enter confirms, the summary shows.
        await TabToAsync(page, "[data-testid='jit-apply']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByTestId("jit-dialog-body");
        await Assertions.Expect(dialog.GetByTestId("jit-policy").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("jit-confirm")).ToBeEnabledAsync();
        await TabToAsync(page, "[data-testid='jit-confirm']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("jit-summary")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        var operation = (await fixture.Host.Services.GetRequiredService<IJitOperationService>().ListRecentAsync(1)).Single();
        Assert.Equal(1, operation.Total);

        // Focus is always visible while tabbing: the focused control draws an outline or a focus style.
        await TabToAsync(page, "[data-testid='jit-close']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>Presses Tab (or Shift+Tab) until the focused element is, or is inside, the target; fails after 120 presses.</summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false)
    {
        for (var i = 0; i < 120; i++)
        {
            var there = await page.EvaluateAsync<bool>(
                "s => { const a = document.activeElement; return !!a && [...document.querySelectorAll(s)].some(t => t === a || t.contains(a)); }", selector);
            if (there)
                return;
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        throw new Xunit.Sdk.XunitException($"'{selector}' was not reached with {(backwards ? "Shift+Tab" : "Tab")}.");
    }
}
