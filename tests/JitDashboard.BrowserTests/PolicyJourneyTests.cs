using System.Text.RegularExpressions;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 5's journey: an Operator puts every exposed, unprotected VM under JIT from the Machines page.</summary>
public sealed class PolicyJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Operator_AppliesJitToExposedUnprotectedVms_TheyBecomeConfiguredAndOthersStay()
    {
        var before = await fixture.Host.LoadedEstateAsync();
        var wasConfigured = before.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured).Select(m => m.Id).ToList();
        var targets = before.Machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && m.Facts.Exposed).Select(m => m.Id).ToList();
        Assert.NotEmpty(targets);

        var page = await fixture.OpenAsync("/machines", "alice@contoso.test");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));
        await page.GetByTestId("filter-not-configured").ClickAsync();
        await page.GetByTestId("filter-exposed").ClickAsync();
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex($"^{targets.Count} of \\d+ machines$"));

        // Let the grid take the filtered rows before selecting all (the header checkbox acts on the grid's items).
        // Virtualized: with more targets than a screenful only the first rows exist, so wait until none of them is a
        // Configured VM (the unfiltered list's first screen has some), then at most the targets are shown.
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tr.jd-machine-row").Filter(new() { HasText = "Configured" }).Filter(new() { HasNotText = "Not configured" })).ToHaveCountAsync(0);
        Assert.InRange(await page.Locator("tr.jd-machine-row").CountAsync(), 1, targets.Count);
        // The header checkbox selects every row of the filtered view.
        await page.Locator(".jd-machines-grid thead .mud-checkbox").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync($"{targets.Count} selected");

        // Escape cancels the preview; nothing starts.
        await page.GetByTestId("jit-apply").ClickAsync();
        var dialog = page.GetByTestId("jit-dialog-body");
        await Assertions.Expect(dialog.GetByTestId("jit-policy").First).ToBeVisibleAsync();
        await dialog.GetByTestId("jit-totals").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var operations = fixture.Host.Services.GetRequiredService<IJitOperationService>();
        Assert.Empty(await operations.ListRecentAsync(1));

        await page.GetByTestId("jit-apply").ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("jit-policy").First).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByTestId("jit-totals")).ToContainTextAsync($"{targets.Count} selected");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("jit-preview.png") });
        var confirm = page.GetByTestId("jit-confirm");
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        // Enter confirms.
        await dialog.GetByTestId("jit-totals").ClickAsync();
        await page.Keyboard.PressAsync("Enter");

        var summary = page.GetByTestId("jit-summary");
        await Assertions.Expect(summary).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("jit-summary.png") });
        var operation = (await operations.ListRecentAsync(1)).Single();
        Assert.True(operation.IsFinished);
        Assert.Equal(targets.Count, operation.Total);
        // Every failure carries ARM's error, every skip its reason: the summary shows both.
        foreach (var r in operation.Results.Where(r => r.Status is JitOperationItemStatus.Failed or JitOperationItemStatus.Skipped))
        {
            Assert.False(string.IsNullOrEmpty(r.Error));
            await Assertions.Expect(page.GetByTestId("jit-results")).ToContainTextAsync(r.Error!);
        }
        await page.GetByTestId("jit-close").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // The backend refreshed the estate: the applied VMs left the "Not configured" view.
        var succeeded = operation.Results.Where(r => r.Status == JitOperationItemStatus.Succeeded).Select(r => r.MachineId).ToList();
        var left = targets.Count - succeeded.Count;
        var count = page.GetByTestId("machine-count");
        await Assertions.Expect(count).ToHaveTextAsync(new Regex($"^{left} of \\d+ machines$"), new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("jit-after.png") });

        var after = await fixture.Host.LoadedEstateAsync();
        var status = after.Machines.ToDictionary(m => m.Id, m => m.Facts.JitStatus, StringComparer.OrdinalIgnoreCase);
        Assert.All(succeeded, id => Assert.Equal(JitStatus.Configured, status[id]));
        // Writing a policy keeps every VM it already held.
        Assert.All(wasConfigured, id => Assert.Equal(JitStatus.Configured, status[id]));

        // The Operations list shows it, and opens the same summary.
        await page.GetByTestId("operations-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/operations$"));
        await Assertions.Expect(page.GetByTestId("operation-row").First).ToContainTextAsync("alice@contoso.test");
        await page.GetByTestId("operation-open").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("jit-summary")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("jit-operations.png") });

        // Back on the Machines page the grid's JIT chip says Configured.
        await page.GotoAsync("/machines?exposed=true");
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        var name = after.Machines.First(m => m.Id.Equals(succeeded[0], StringComparison.OrdinalIgnoreCase)).Name;
        await page.GetByLabel("Search machines").FillAsync(name);
        var row = page.Locator("tr.jd-machine-row", new() { HasText = name }).First;
        await Assertions.Expect(row).ToContainTextAsync("Configured");
    }

    [Fact]
    public async Task Reader_SeesNoJitActions()
    {
        // The other journey's apply ends with an estate refresh: let it land before clicking, so no re-render races the click.
        await fixture.Host.LoadedEstateAsync();
        var page = await fixture.OpenAsync("/machines", "dave@contoso.test");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));

        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToBeVisibleAsync();
        var bar = page.GetByTestId("selection-bar");
        for (var attempt = 0; attempt < 3 && !await bar.IsVisibleAsync(); attempt++)
        {
            await page.Locator(".jd-machines-grid tbody .mud-checkbox").First.ClickAsync();
            try
            {
                await bar.WaitForAsync(new LocatorWaitForOptions { Timeout = 3000 });
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // The click met a re-render; try once more.
            }
        }

        await Assertions.Expect(bar).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("export-selected")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("jit-apply")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("jit-remove")).ToHaveCountAsync(0);

        // Readers may follow operations.
        await page.GetByTestId("operations-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/operations$"));
    }
}
