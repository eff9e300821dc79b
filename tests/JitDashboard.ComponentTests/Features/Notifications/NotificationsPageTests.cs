using Bunit;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Notifications;

public class NotificationsPageTests : ComponentTestBase
{
    private readonly FakeDeliveries _deliveries = new();

    public NotificationsPageTests()
    {
        Context.Services.AddSingleton<INotificationDeliveries>(_deliveries);
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Carol Admin");
        auth.SetRoles(Roles.Admin);
    }

    private static readonly DateTimeOffset At = new(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deliveries_ShowStatusAttemptsAndLastError_NewestFirst_AndHostileTitlesAsText()
    {
        _deliveries.Rows.Add(new WebhookDeliveryView(2, "teams", "AccessDecided", "Teams", "<script>alert(1)</script> approved", WebhookDeliveryStatus.Failed, 6, At, At, null, 500,
            "HTTP 500 InternalServerError (gave up after 6 attempts).", null, null));
        _deliveries.Rows.Add(new WebhookDeliveryView(1, "ops", "AccessRequested", "Json", "alice requested SSH", WebhookDeliveryStatus.Delivered, 1, At, At, null, 200, null, At, null));

        var page = Render<NotificationsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=delivery-row]").Count));
        Assert.Equal(["Failed", "Delivered"], page.FindAll("[data-testid=delivery-status]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["6", "1"], page.FindAll("[data-testid=delivery-attempts]").Select(e => e.TextContent.Trim()));
        Assert.Equal("HTTP 500 InternalServerError (gave up after 6 attempts).", page.FindAll("[data-testid=delivery-error]")[0].TextContent.Trim());
        Assert.Equal("HTTP 200", page.FindAll("[data-testid=delivery-error]")[1].TextContent.Trim());
        // Shown as text, never as markup.
        Assert.Equal("<script>alert(1)</script> approved", page.FindAll("[data-testid=delivery-title]")[0].TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=delivery-title] script"));
    }

    [Fact]
    public void Webhooks_AreListed_WithoutTheirUrls_AndSendTestQueuesAsTheSignedInAdmin()
    {
        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=webhook-row]").Count));
        Assert.Equal(["ops", "teams"], page.FindAll("[data-testid=webhook-name]").Select(e => e.TextContent.Trim()));
        Assert.Contains("deliveries-empty", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("/secret-path", page.Markup, StringComparison.Ordinal);

        page.FindAll("[data-testid=webhook-test]")[1].Click();

        page.WaitForAssertion(() => Assert.Equal(("teams", "Carol Admin"), Assert.Single(_deliveries.Tests)));
        page.WaitForAssertion(() => Assert.Contains("Test queued for 'teams' (delivery 99)", page.Find("[data-testid=webhook-message]").TextContent, StringComparison.Ordinal));
        // The page reloads the list, which now holds the test.
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=delivery-row]")));
    }

    [Fact]
    public void NoWebhooks_SaysHowToConfigureThem()
    {
        _deliveries.Hooks.Clear();
        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Contains("Notifications:Webhooks", page.Find("[data-testid=webhooks-empty]").TextContent, StringComparison.Ordinal));
    }

    private sealed class FakeDeliveries : INotificationDeliveries
    {
        public List<WebhookSummary> Hooks { get; } =
        [
            new("ops", "Json", "hooks.example.test", [], true),
            new("teams", "Teams", "contoso.webhook.office.com", ["AccessRequested"], false),
        ];

        public List<WebhookDeliveryView> Rows { get; } = [];

        public List<(string Webhook, string Actor)> Tests { get; } = [];

        public IReadOnlyList<WebhookSummary> Webhooks => Hooks;

        public Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(int take, string? webhook = null, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<WebhookDeliveryView>>(Rows.Take(take).ToList());

        public Task<WebhookTestResult> SendTestAsync(string webhook, string actor, CancellationToken ct = default)
        {
            Tests.Add((webhook, actor));
            Rows.Insert(0, new WebhookDeliveryView(99, webhook, "Test", "Teams", "Test notification from JitDashboard", WebhookDeliveryStatus.Pending, 0, At, null, At, null, null, null, actor));
            return Task.FromResult(new WebhookTestResult(99, null));
        }
    }
}
