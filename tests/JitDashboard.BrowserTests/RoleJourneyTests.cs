using System.Text.RegularExpressions;
using JitDashboard.Simulator.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>A newcomer signs in as each demo person and sees what the role allows, and nothing more.</summary>
public sealed class RoleJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] ForEveryRole = ["Overview", "Machines", "Subscriptions", "Access", "Audit"];
    private static readonly string[] ForApprover = ["Overview", "Machines", "Subscriptions", "Access", "Automation", "Audit"];
    private static readonly string[] ForAdmin = ["Overview", "Machines", "Subscriptions", "Access", "Automation", "JIT templates", "Notifications", "Audit"];

    [Theory]
    [InlineData("alice", "Operator")]
    [InlineData("bob", "Approver")]
    [InlineData("carol", "Admin")]
    [InlineData("dave", "Reader")]
    public async Task SignIn_ShowsNameRoleAndAllowedNavigation_ThenSignsOut(string who, string role)
    {
        var person = SimulatorIdentity.FindPerson(who + "@contoso.test")!;
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, person.UserName);

        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(person.DisplayName);
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync(role);
        var nav = page.Locator("nav .mud-nav-link, .mud-navmenu .mud-nav-link");
        await Assertions.Expect(nav).ToHaveTextAsync(role switch { "Admin" => ForAdmin, "Approver" => ForApprover, _ => ForEveryRole });
        // Reloading the estate is an Operator action: its button shows only to those who may.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refresh", Exact = true }))
            .ToHaveCountAsync(role is "Operator" or "Admin" ? 1 : 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"signed-in-{who}.png") });

        // Typing the address of a page the role may not use is refused too.
        await page.GotoAsync("/automation");
        if (role is "Admin" or "Approver")
        {
            // Approvers come here to decide proposals; only Admins may create or change rules.
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Automation", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("rule-create")).ToHaveCountAsync(role == "Admin" ? 1 : 0);
        }
        else
        {
            await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"access-denied-{who}.png") });
        }

        // Templates are Admin-only too: the page lists the seeded Defender default.
        await page.GotoAsync("/policies/templates");
        if (role == "Admin")
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "JIT templates", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("template-name")).ToHaveTextAsync(["Defender default"]);
        }
        else
        {
            await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        }

        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await WaitForSimulatorSignInAsync(page);

        // Signed out: the next visit asks again.
        await page.GotoAsync("/machines");
        await WaitForSimulatorSignInAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_PersonWithNoRole_SeesAccessDenied()
    {
        var page = await fixture.NewPageAsync();
        await fixture.SignInAsync(page, SimulatorIdentity.Erin.UserName, "/machines");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/access-denied"));
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-role")).ToHaveTextAsync("No role");
        await Assertions.Expect(page.Locator(".mud-nav-link")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "access-denied-erin.png") });
        await page.Context.CloseAsync();
    }

    private async Task WaitForSimulatorSignInAsync(IPage page)
    {
        var simulator = fixture.Host.Simulator.BaseUri!.ToString();
        await page.WaitForURLAsync(url => url.StartsWith(simulator, StringComparison.Ordinal));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = SimulatorIdentity.Alice.DisplayName })).ToBeVisibleAsync();
    }
}
