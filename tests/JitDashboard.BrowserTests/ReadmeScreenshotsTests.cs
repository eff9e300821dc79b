using System.Text.RegularExpressions;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// The README's "first five minutes" tour, walked by a newcomer. Screenshots go to artifacts/playwright/tour; with
/// <c>JITDASHBOARD_UPDATE_SCREENSHOTS=1</c> they also replace docs/screenshots/*.png, which the README embeds.
/// </summary>
public sealed class ReadmeScreenshotsTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("JITDASHBOARD_UPDATE_SCREENSHOTS") == "1";

    private static async Task ShotAsync(IPage page, string name)
    {
        // Let transitions (drawer slide, dialog fade) settle.
        await Transitions.SettleAsync(page);
        var tour = Path.Combine(BrowserFixture.ArtifactsDirectory, "tour");
        Directory.CreateDirectory(tour);
        var path = Path.Combine(tour, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        if (Update)
        {
            var docs = Path.Combine(RepoPaths.Root, "docs", "screenshots");
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name), overwrite: true);
        }
    }

    [Fact]
    public async Task FirstFiveMinutes_Tour()
    {
        // 1. Sign in: the simulator's page lists the demo people.
        var page = await fixture.NewPageAsync(1280, 800);
        await page.GotoAsync("/authentication/login?returnUrl=%2F");
        await page.GetByRole(AriaRole.Button, new() { Name = "Alice Operator" }).WaitForAsync();
        await ShotAsync(page, "1-sign-in.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Alice Operator" }).ClickAsync();
        await page.Locator("[data-interactive='true']").First.WaitForAsync();

        // 2. Overview: score, exposure counts, trend.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync();
        await page.Locator(".jd-figure").First.WaitForAsync();
        await ShotAsync(page, "2-overview.png");

        // 3. Machines: the key columns at 1280 px, exposed and not configured first.
        await page.GotoAsync("/machines?exposed=true");
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await Assertions.Expect(page.GetByTestId("machine-count")).ToHaveTextAsync(new Regex(@"^\d+ of \d+ machines$"));
        // The grid virtualises its rows: they come after the count.
        await page.Locator(".jd-machines-grid .jd-link-button").First.WaitForAsync();
        await ShotAsync(page, "3-machines.png");

        // 4. Why is it exposed: the drawer names the rule.
        await MachinesGrid.OpenFirstDrawerAsync(page);
        await ShotAsync(page, "4-machine-drawer.png");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".jd-machine-drawer .jd-drawer-body")).ToHaveCountAsync(0);

        // 5. Apply JIT: select, preview (nothing changes until confirmed; Escape leaves).
        await page.Locator(".jd-machines-grid tbody tr.jd-machine-row .mud-checkbox").First.ClickAsync();
        await page.GetByTestId("jit-apply").ClickAsync();
        await Assertions.Expect(page.GetByTestId("jit-dialog-body").GetByTestId("jit-policy").First).ToBeVisibleAsync();
        await ShotAsync(page, "5-apply-preview.png");
        await page.Keyboard.PressAsync("Escape");

        // 6. An approver decides a request on a phone, from the notification's link.
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22))
            .OrderBy(m => m.Name, StringComparer.Ordinal).First();
        var access = fixture.Host.Services.GetRequiredService<IAccessService>();
        var alice = new AccessActor("alice@contoso.test", [JitDashboard.Platform.Identity.Roles.Operator]);
        var created = await access.CreateAsync(new AccessRequestInput(vm.Id, [22], "PT1H", "203.0.113.7", "Rotate the SSH host keys (CHG-1042)"), alice, "203.0.113.7");
        Assert.NotNull(created.Request);
        var bob = await fixture.OpenOnPhoneAsync(AccessRequestPage.LinkFor(created.Request.Id), "bob@contoso.test");
        await Assertions.Expect(bob.GetByTestId("approval-approve")).ToBeVisibleAsync();
        await ShotAsync(bob, "6-phone-approval.png");
    }
}
