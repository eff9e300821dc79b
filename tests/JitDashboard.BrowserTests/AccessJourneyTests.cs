using JitDashboard.Features.Access;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Issue 6's journey: alice requests SSH, bob approves, the grant is active with a countdown, then expires.</summary>
public sealed class AccessJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Alice_RequestsSsh_BobApproves_ActiveWithCountdownAndNsgRule_ThenExpiresWhenClockPassesEnd()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines
            .Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22 && (p.AllowedSourceAddressPrefix ?? "*") == "*" && p.AllowedSourceAddressPrefixes is null))
            .OrderBy(m => m.Name, StringComparer.Ordinal).First();

        // alice files the request from the Access page.
        var alice = await fixture.OpenAsync("/access", "alice@contoso.test");
        await Assertions.Expect(alice.GetByTestId("access-queue")).ToHaveCountAsync(0);
        await alice.GetByTestId("access-new").ClickAsync();
        await alice.GetByTestId("access-machine").ClickAsync();
        await alice.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"{vm.Name} ({vm.ResourceGroup})" }).First.ClickAsync();
        await Assertions.Expect(alice.GetByTestId("access-port-22")).ToBeVisibleAsync();
        await alice.GetByTestId("access-preset-PT1H").ClickAsync();
        // The detected address is the browser's (loopback here), not typed.
        await Assertions.Expect(Field(alice, "access-source")).ToHaveValueAsync("127.0.0.1");
        await Field(alice, "access-justification").FillAsync("Rotate the <b>SSH</b> host keys");
        await alice.GetByTestId("access-submit").ClickAsync();
        // Markup is refused with a per-field message, nothing is saved.
        await Assertions.Expect(alice.GetByTestId("access-errors")).ToBeVisibleAsync();
        await Field(alice, "access-justification").FillAsync("Rotate the SSH host keys");
        await alice.GetByTestId("access-submit").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("access-dialog")).ToHaveCountAsync(0);
        var mine = alice.GetByTestId("access-mine-row").Filter(new() { HasText = vm.Name });
        await Assertions.Expect(mine.GetByTestId("access-status")).ToHaveTextAsync("Pending");
        var id = await mine.GetAttributeAsync("data-request-id");

        // alice cannot approve her own request through the API either.
        using (var api = await ApiClientAsync("alice@contoso.test"))
        {
            var own = await api.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { });
            Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        }

        // bob sees it in his queue with its facts, and approves.
        var bob = await fixture.OpenAsync("/access", "bob@contoso.test");
        var item = bob.Locator($"[data-testid='access-queue-item'][data-request-id='{id}']");
        await Assertions.Expect(item).ToContainTextAsync("alice@contoso.test");
        await Assertions.Expect(item.GetByTestId("access-justification-text")).ToHaveTextAsync("Rotate the SSH host keys");
        await bob.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("access-queue.png"), FullPage = true });
        await Field(item, "access-comment").FillAsync("Go ahead");
        await item.GetByTestId("access-approve").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        // alice sees it Active with a live countdown.
        await Assertions.Expect(mine.GetByTestId("access-status")).ToHaveTextAsync("Active", new() { Timeout = 30_000 });
        var grant = alice.Locator($"[data-testid='access-active-row'][data-request-id='{id}']");
        await Assertions.Expect(grant.GetByTestId("access-countdown")).ToHaveTextAsync(new Regex(@"^(1:00:00|\d{2}:\d{2})$"));
        var first = await grant.GetByTestId("access-countdown").TextContentAsync();
        await Assertions.Expect(grant.GetByTestId("access-countdown")).Not.ToHaveTextAsync(first!, new() { Timeout = 5_000 });
        await alice.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("access-active.png"), FullPage = true });

        // The simulator's NSG has the allow rule from alice's address.
        Assert.NotEmpty(await AllowRulesAsync(vm, "127.0.0.1"));

        // The simulated clock passes the end: the grant reads Expired and the rule is gone.
        using (var sim = fixture.Host.CreateSimulatorClient())
            (await sim.PostAsJsonAsync("/_simulator/clock/advance", new { minutes = 61 })).EnsureSuccessStatusCode();
        await Assertions.Expect(mine.GetByTestId("access-status")).ToHaveTextAsync("Expired", new() { Timeout = 30_000 });
        await Assertions.Expect(grant).ToHaveCountAsync(0);
        Assert.Empty(await AllowRulesAsync(vm, "127.0.0.1"));
    }

    /// <summary>A MudTextField's input, whether the test id lands on the input or on a wrapper.</summary>
    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    private static ILocator Field(ILocator scope, string testId) => scope.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    private async Task<HttpClient> ApiClientAsync(string user)
    {
        using var sim = fixture.Host.CreateSimulatorClient();
        var token = await (await sim.PostAsJsonAsync("/_simulator/identity/token", new { user })).Content.ReadFromJsonAsync<JsonObject>();
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token!["access_token"]!);
        return client;
    }

    private async Task<List<string>> AllowRulesAsync(EstateMachine vm, string source)
    {
        var network = fixture.Host.Services.GetRequiredService<NetworkClient>();
        var names = vm.Facts.Nics.SelectMany(n => new[] { n.NicNsg, n.SubnetNsg }).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var rules = new List<string>();
        await foreach (var nsg in network.ListNetworkSecurityGroupsAsync(vm.SubscriptionId))
        {
            if (nsg.Name is null || !names.Contains(nsg.Name)) continue;
            rules.AddRange(nsg.Properties.SecurityRules
                .Where(r => r.Name!.StartsWith("SecurityCenter-JITRule-", StringComparison.Ordinal) && r.Properties.Access == "Allow" && r.Properties.SourceAddressPrefix == source)
                .Select(r => r.Name!));
        }
        return rules;
    }
}
