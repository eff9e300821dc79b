using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// axe-core on every page, in the light and the dark theme (issue 19): no critical or serious violation. The figures
/// per page are written to artifacts/playwright/axe-{theme}.txt whatever the outcome.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Every page an Admin reaches, and what shows once it has its data.</summary>
    private static readonly (string Path, string Ready)[] Pages =
    [
        ("/", "h1"),
        ("/machines", "[data-testid='machine-count']"),
        ("/subscriptions", "[data-testid='subscriptions-summary']"),
        ("/access", "h1"),
        ("/automation", "h1"),
        ("/operations", "h1"),
        ("/policies/templates", "[data-testid='template-name']"),
        ("/notifications", "h1"),
        ("/audit", "h1"),
    ];

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task EveryPage_HasNoCriticalOrSeriousAxeViolation(string theme)
    {
        var page = await fixture.OpenAsync("/", "carol@contoso.test");
        await SetThemeAsync(page, theme);
        var report = new List<string>();
        var failures = new List<string>();
        foreach (var (path, ready) in Pages)
        {
            await page.GotoAsync(path);
            await page.Locator("[data-interactive='true']").First.WaitForAsync();
            await page.Locator($"[data-theme='{theme}']").First.WaitForAsync();
            await page.Locator(ready).First.WaitForAsync();
            await CheckAsync(page, path, report, failures);
        }

        // The machine drawer (the Machines page's detail view).
        await page.GotoAsync("/machines");
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await MachinesGrid.OpenFirstDrawerAsync(page);
        await Transitions.SettleAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"axe-drawer-{theme}.png") });
        await CheckAsync(page, "/machines (drawer)", report, failures);

        // The focused approval page a notification links to, with a pending request on it.
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines.Where(m => m.Facts.JitStatus == JitDashboard.Platform.Estate.Inventory.JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22))
            .OrderBy(m => m.Name, StringComparer.Ordinal).First();
        var access = fixture.Host.Services.GetRequiredService<JitDashboard.Features.Access.IAccessService>();
        var alice = new JitDashboard.Features.Access.AccessActor("alice@contoso.test", [JitDashboard.Platform.Identity.Roles.Operator]);
        var created = await access.CreateAsync(new JitDashboard.Features.Access.AccessRequestInput(vm.Id, [22], "PT1H", "127.0.0.1", "axe " + theme), alice, "127.0.0.1");
        Assert.NotNull(created.Request);
        await page.GotoAsync(JitDashboard.Features.Access.AccessRequestPage.LinkFor(created.Request.Id));
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await page.Locator($"[data-theme='{theme}']").First.WaitForAsync();
        await page.GetByTestId("approval-approve").WaitForAsync();
        await CheckAsync(page, "/access/requests/{id}", report, failures);

        // What someone without the role sees.
        var reader = await fixture.OpenAsync("/notifications");
        await SetThemeAsync(reader, theme);
        await reader.GetByTestId("access-denied").WaitForAsync();
        await CheckAsync(reader, "/notifications (access denied)", report, failures);

        // No page asked for anything that is not there (a 404 shows as a console error).
        var missing = fixture.NotFound.Distinct().ToList();
        report.Add("404: " + (missing.Count == 0 ? "none" : string.Join(", ", missing)));
        if (missing.Count > 0)
            failures.Add("Not found: " + string.Join(", ", missing));

        await File.WriteAllLinesAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, $"axe-{theme}.txt"), report);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    internal static async Task SetThemeAsync(IPage page, string theme)
    {
        var current = await page.Locator("[data-theme]").First.GetAttributeAsync("data-theme");
        if (current != theme)
            await page.GetByTestId("theme-toggle").ClickAsync();
        await page.Locator($"[data-theme='{theme}']").First.WaitForAsync();
        // The next page reads the choice back from localStorage: wait until the browser has it.
        await page.WaitForFunctionAsync($"() => (localStorage.getItem('jd.theme.dark') === 'true') === {(theme == "dark" ? "true" : "false")}");
    }

    internal static async Task CheckAsync(IPage page, string name, List<string> report, List<string> failures)
    {
        var result = await Axe.ScanAsync(page);
        report.Add($"{name}: {Axe.Summary(result)}");
        var failing = Axe.Failing(result);
        if (failing.Count > 0)
            failures.Add($"{name}:{Environment.NewLine}{Axe.Describe(failing)}");
    }
}
