using JitDashboard.Testing.Fakes;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using JitDashboard.Features.Access;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>A dashboard whose notifications are recorded, with a public base URL so that they carry links.</summary>
public sealed class NotifyingBrowserFixture : BrowserFixture
{
    public const string PublicBaseUrl = "https://jit.contoso.test";

    public ConcurrentQueue<NotificationEvent> Published { get; } = new();

    protected override Task<DashboardHost> StartHostAsync() => DashboardHost.StartAsync(
        new Dictionary<string, string?> { ["Notifications:PublicBaseUrl"] = PublicBaseUrl },
        "Production",
        services =>
        {
            services.RemoveAll<INotifier>();
            services.AddSingleton<INotifier>(new RecordingNotifier(Published));
        });

}

/// <summary>
/// Issue 19: an approver on a phone opens the link of a pending-request notification (as Teams shows it), signs in,
/// reads the request and decides it with one tap; the requester files it on a phone too.
/// </summary>
public sealed class PhoneApprovalJourneyTests(NotifyingBrowserFixture fixture) : IClassFixture<NotifyingBrowserFixture>
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDirectory, name);

    [Fact]
    public async Task Approver_OnAPhone_OpensTheTeamsLink_AndApprovesInOneTap()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines
            .Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22 && (p.AllowedSourceAddressPrefix ?? "*") == "*" && p.AllowedSourceAddressPrefixes is null))
            .OrderBy(m => m.Name, StringComparer.Ordinal).First();

        // alice files the request on her phone: the dialog fits the screen.
        var alice = await fixture.OpenOnPhoneAsync("/access", "alice@contoso.test");
        await alice.GetByTestId("access-new").ClickAsync();
        var dialog = alice.GetByTestId("access-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var box = await alice.Locator(".mud-dialog").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"The request dialog is {box.Width}px wide at x={box.X} on a 390px screen.");
        await alice.GetByTestId("access-machine").ClickAsync();
        await alice.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"{vm.Name} ({vm.ResourceGroup})" }).First.ClickAsync();
        await Assertions.Expect(alice.GetByTestId("access-port-22")).ToBeVisibleAsync();
        await alice.GetByTestId("access-preset-PT1H").ClickAsync();
        await Field(alice, "access-justification").FillAsync("Patch the SSH daemon");
        await alice.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-request-dialog.png") });
        await alice.GetByTestId("access-submit").ClickAsync();
        await Assertions.Expect(alice.GetByTestId("access-dialog")).ToHaveCountAsync(0);

        // The pending-request notification, formatted as Teams receives it, carries the deep link.
        var requested = await WaitForAsync(() => fixture.Published.FirstOrDefault(n => n.Kind == NotificationKind.AccessRequested && n.Facts["VM"] == vm.Name));
        var teams = JsonNode.Parse(WebhookPayloads.Format(WebhookFormat.Teams, requested, NotifyingBrowserFixture.PublicBaseUrl))!;
        var action = teams["attachments"]![0]!["content"]!["actions"]![0]!;
        Assert.Equal("Review and decide", (string?)action["title"]);
        var link = new Uri((string)action["url"]!);
        Assert.StartsWith("/access/requests/", link.AbsolutePath, StringComparison.Ordinal);
        var id = link.AbsolutePath["/access/requests/".Length..];

        // bob taps it on his phone (this test's dashboard stands in for jit.contoso.test): sign-in first, then the page.
        var bob = await fixture.NewPageAsync(390, 844);
        await bob.GotoAsync(link.PathAndQuery);
        await bob.GetByRole(AriaRole.Button, new() { Name = "Bob Approver" }).ClickAsync();
        await bob.WaitForURLAsync(url => url.EndsWith(link.AbsolutePath, StringComparison.Ordinal));
        await bob.Locator("[data-interactive='true']").First.WaitForAsync();

        var approval = bob.GetByTestId("approval");
        await Assertions.Expect(approval).ToHaveAttributeAsync("data-request-id", id);
        await Assertions.Expect(bob.GetByTestId("approval-requester")).ToHaveTextAsync("alice@contoso.test");
        await Assertions.Expect(bob.GetByTestId("approval-vm")).ToContainTextAsync(vm.Name);
        await Assertions.Expect(bob.GetByTestId("approval-ports")).ToHaveTextAsync("22");
        await Assertions.Expect(bob.GetByTestId("approval-source")).ToHaveTextAsync("127.0.0.1");
        await Assertions.Expect(bob.GetByTestId("approval-duration")).ToHaveTextAsync("1 h");
        await Assertions.Expect(bob.GetByTestId("approval-justification")).ToHaveTextAsync("Patch the SSH daemon");
        await Assertions.Expect(bob.GetByTestId("approval-history")).ToBeVisibleAsync();
        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await bob.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The approval page scrolls sideways on a phone.");
        var approve = bob.GetByTestId("approval-approve");
        await Assertions.Expect(approve).ToBeInViewportAsync();
        await bob.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("phone-approval.png") });

        // axe on the phone layout, too.
        var result = await Axe.ScanAsync(bob);
        var failing = Axe.Failing(result);
        Assert.True(failing.Count == 0, Axe.Describe(failing));

        // One tap.
        await approve.TapAsync();
        await Assertions.Expect(bob.GetByTestId("approval-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Approved|Active)$"), new() { Timeout = 30_000 });
        await Assertions.Expect(bob.GetByTestId("approval-approve")).ToHaveCountAsync(0);
        await Assertions.Expect(bob.GetByTestId("approval-decided-by")).ToContainTextAsync("bob@contoso.test");

        // alice's own link shows her the decision, but no buttons: nobody decides their own request.
        var own = await fixture.OpenOnPhoneAsync(link.PathAndQuery, "alice@contoso.test");
        await Assertions.Expect(own.GetByTestId("approval-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Approved|Active)$"));
        await Assertions.Expect(own.GetByTestId("approval-approve")).ToHaveCountAsync(0);
        var service = fixture.Host.Services.GetRequiredService<IAccessService>();
        var stored = await service.GetAsync(Guid.Parse(id));
        Assert.Equal("bob@contoso.test", stored!.DecidedBy);
    }

    [Fact]
    public async Task Requester_CannotApproveTheirOwnRequest_FromItsLink()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22))
            .OrderByDescending(m => m.Name, StringComparer.Ordinal).First();
        var service = fixture.Host.Services.GetRequiredService<IAccessService>();
        var carol = new AccessActor("carol@contoso.test", [JitDashboard.Platform.Identity.Roles.Admin]);
        var created = await service.CreateAsync(new AccessRequestInput(vm.Id, [22], "PT30M", "127.0.0.1", "Own request"), carol, "127.0.0.1");
        Assert.NotNull(created.Request);

        var page = await fixture.OpenOnPhoneAsync(AccessRequestPage.LinkFor(created.Request.Id), "carol@contoso.test");
        await Assertions.Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("Pending");
        await Assertions.Expect(page.GetByTestId("approval-cannot-decide")).ToContainTextAsync("your own request");
        await Assertions.Expect(page.GetByTestId("approval-approve")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Approver_OnAPhone_ApprovesFromTheAccessPagesQueue_WithoutScrollingSideways()
    {
        var snapshot = await fixture.Host.LoadedEstateAsync();
        var vm = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22))
            .OrderBy(m => m.Name, StringComparer.Ordinal).Skip(1).First();
        var service = fixture.Host.Services.GetRequiredService<IAccessService>();
        var alice = new AccessActor("alice@contoso.test", [JitDashboard.Platform.Identity.Roles.Operator]);
        var created = await service.CreateAsync(new AccessRequestInput(vm.Id, [22], "PT30M", "127.0.0.1", "Queue on a phone"), alice, "127.0.0.1");
        Assert.NotNull(created.Request);

        var bob = await fixture.OpenOnPhoneAsync("/access", "bob@contoso.test");
        var card = bob.Locator($"[data-testid='access-queue-item'][data-request-id='{created.Request.Id}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("access-justification-text")).ToHaveTextAsync("Queue on a phone");
        Assert.True(await bob.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The Access page scrolls sideways on a phone.");
        var box = await card.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"The queue card is {box.Width}px wide at x={box.X} on a 390px screen.");

        await card.GetByTestId("access-approve").TapAsync();

        await Assertions.Expect(card).ToHaveCountAsync(0);
        await JitDashboard.Testing.Eventually.WaitAsync(async () => (await service.GetAsync(created.Request.Id))?.DecidedBy == "bob@contoso.test",
            TimeSpan.FromSeconds(30), "bob's approval to be stored");
    }

    private static ILocator Field(IPage page, string testId) => page.Locator($"input[data-testid='{testId}'], textarea[data-testid='{testId}'], [data-testid='{testId}'] input, [data-testid='{testId}'] textarea").First;

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        T? found = null;
        await JitDashboard.Testing.Eventually.WaitAsync(() => (found = probe()) is not null, TimeSpan.FromSeconds(10), "the notification to be published");
        return found!;
    }
}
