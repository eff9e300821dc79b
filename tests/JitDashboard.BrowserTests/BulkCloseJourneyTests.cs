using System.Text.RegularExpressions;
using JitDashboard.Platform.Arm;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// Issue 5's done-when: an Operator selects 50 exposed VMs across resource groups, previews, ticks "close the custom
/// allow rules", applies, watches the progress; the Machines page then shows them Configured and no longer exposed,
/// and the VMs already in those default policies are still there (checked through the simulator's ARM API).
/// </summary>
public sealed class BulkCloseJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // The demo estate names the bulk journey's exposed VMs vm-{group}-svc-NN.
    private const string Search = "-svc-";

    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Operator_Applies_JitAndClosesRules_On50ExposedVmsAcrossResourceGroups()
    {
        var before = await fixture.Host.LoadedEstateAsync();
        var filter = new MachinesFilter(ExposedOnly: true, Jit: JitStatus.NotConfigured, Search: Search);
        var targets = before.Machines.Where(filter.Matches).ToList();
        Assert.True(targets.Count >= 50, $"the demo estate should have at least 50 exposed '{Search}' VMs, has {targets.Count}");
        Assert.True(targets.Select(m => $"{m.SubscriptionId}/{m.ResourceGroup}").Distinct(StringComparer.OrdinalIgnoreCase).Count() >= 5);
        var keys = targets.Select(PolicyPlanner.KeyFor).Distinct().ToList();
        // VMs already in those default policies, read from ARM (the simulator) before the apply.
        var security = fixture.Host.Services.GetRequiredService<SecurityClient>();
        var kept = new List<(JitPolicyId Key, string VmId)>();
        foreach (var key in keys)
        {
            var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            kept.AddRange((policy?.Properties.VirtualMachines ?? []).Select(v => (key, v.Id)));
        }
        Assert.True(kept.Select(k => k.Key).Distinct().Count() >= 3, "several of those policies should already hold other VMs");

        var page = await fixture.OpenAsync("/machines", "alice@contoso.test");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ machines$"));
        await page.GetByTestId("filter-not-configured").ClickAsync();
        await page.GetByTestId("filter-exposed").ClickAsync();
        await page.GetByLabel("Search machines").FillAsync(Search);
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex($"^{targets.Count} of \\d+ machines$"));
        // Virtualized grid: only a screenful of rows exists; the header checkbox still selects every filtered item.
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToContainTextAsync(Search);
        await Assertions.Expect(page.Locator("tr.jd-machine-row").Last).ToContainTextAsync(Search);
        await page.Locator(".jd-machines-grid thead .mud-checkbox").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("selection-count")).ToHaveTextAsync($"{targets.Count} selected");

        // Preview: the per-policy plan, then the per-rule plan once the option is ticked.
        await page.GetByTestId("jit-apply").ClickAsync();
        var dialog = page.GetByTestId("jit-dialog-body");
        await Assertions.Expect(dialog.GetByTestId("jit-policy")).ToHaveCountAsync(keys.Count);
        await Assertions.Expect(dialog.GetByTestId("jit-warning").First).ToBeVisibleAsync();
        await dialog.GetByTestId("jit-rules").Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(dialog.GetByTestId("jit-rule-change").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(dialog.GetByTestId("jit-rule-action").Filter(new() { HasText = "Deleted" }).First).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByTestId("jit-rule-action").Filter(new() { HasText = "rewritten" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bulk-close-preview.png") });
        await page.GetByTestId("jit-confirm").ClickAsync();

        // Progress, then the summary.
        await Assertions.Expect(page.GetByTestId("jit-summary")).ToBeVisibleAsync(new() { Timeout = 180_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bulk-close-summary.png") });
        var operations = fixture.Host.Services.GetRequiredService<IJitOperationService>();
        var operation = (await operations.ListRecentAsync(1)).Single();
        Assert.Equal(JitOperationStatus.Succeeded, operation.Status);
        Assert.Equal(targets.Count, operation.Succeeded);
        Assert.NotEmpty(operation.RuleChanges);
        Assert.All(operation.RuleChanges, c => Assert.Equal(JitRuleChangeStatus.Succeeded, c.Status));
        await page.GetByTestId("jit-close").ClickAsync();

        // The Machines page: none of them is exposed and unconfigured any more...
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^0 of \d+ machines$"), new() { Timeout = 60_000 });
        // ...each is Configured, and the exposed filter no longer finds them.
        await page.GotoAsync($"/machines?q={Uri.EscapeDataString(Search)}");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex($"^{targets.Count} of \\d+ machines$"));
        await Assertions.Expect(page.Locator("tr.jd-machine-row").First).ToContainTextAsync("Configured");
        await page.GotoAsync($"/machines?exposed=true&q={Uri.EscapeDataString(Search)}");
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^0 of \d+ machines$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("bulk-close-after.png") });
        var after = (await fixture.Host.LoadedEstateAsync()).Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        Assert.All(targets, m =>
        {
            Assert.Equal(JitStatus.Configured, after[m.Id].Facts.JitStatus);
            Assert.False(after[m.Id].Facts.Exposed, m.Name);
        });

        // The VMs already in those policies are still there, read back from ARM.
        foreach (var group in kept.GroupBy(k => k.Key))
        {
            var policy = await security.GetJitPolicyAsync(group.Key.SubscriptionId, group.Key.ResourceGroup, group.Key.Location, group.Key.Name);
            var ids = (policy?.Properties.VirtualMachines ?? []).Select(v => v.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.All(group, k => Assert.Contains(k.VmId, ids));
        }

        // The Operations page offers Undo of the rule changes.
        await page.GotoAsync("/operations");
        await Assertions.Expect(page.GetByTestId("operation-undo-rules").First).ToBeVisibleAsync();
    }
}
