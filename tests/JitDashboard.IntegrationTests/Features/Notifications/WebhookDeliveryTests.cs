using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Notifications;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Notifications;

/// <summary>The real app and a real receiver on 127.0.0.1; each webhook takes one event kind so the tests don't cross.</summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public const string Secret = "integration-test-secret-0123456789";

    public LocalReceiver Receiver { get; private set; } = null!;

    public DashboardHost Host { get; private set; } = null!;

    public INotifier Notifier => Host.Services.GetRequiredService<INotifier>();

    public INotificationDeliveries Deliveries => Host.Services.GetRequiredService<INotificationDeliveries>();

    public async Task InitializeAsync()
    {
        Receiver = await LocalReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Notifications:PublicBaseUrl"] = "https://jit.contoso.test",
            ["Notifications:MaxAttempts"] = "3",
            ["Notifications:InitialBackoff"] = "00:00:00.05",
            ["Notifications:MaxBackoff"] = "00:00:05",
            ["Notifications:Timeout"] = "00:00:30",
            ["Notifications:PollInterval"] = "00:00:00.2",
        };
        var hooks = new (string Name, string Format, string Event, string? Secret)[]
        {
            ("teams", "Teams", "AccessRequested", null),
            ("slack", "Slack", "AccessRequested", null),
            ("json", "Json", "AccessRequested", Secret),
            ("flaky", "Json", "AccessDecided", null),
            ("throttled", "Json", "AccessActive", null),
            ("down", "Json", "AccessExpired", null),
            ("hang", "Json", "AccessExpiring", null),
            ("admin-test", "Json", "AutomationRun", null),
        };
        for (var i = 0; i < hooks.Length; i++)
        {
            settings[$"Notifications:Webhooks:{i}:Name"] = hooks[i].Name;
            settings[$"Notifications:Webhooks:{i}:Url"] = Receiver.Url(hooks[i].Name);
            settings[$"Notifications:Webhooks:{i}:Format"] = hooks[i].Format;
            settings[$"Notifications:Webhooks:{i}:Events:0"] = hooks[i].Event;
            if (hooks[i].Secret is { } s) settings[$"Notifications:Webhooks:{i}:Secret"] = s;
        }
        // Scripts before any event is published.
        Receiver.Script("flaky", new Reply(500), new Reply(503));
        Receiver.Script("throttled", new Reply(429, RetryAfterSeconds: 1));
        Receiver.Script("down", new Reply(500), new Reply(502), new Reply(500), new Reply(500));
        Receiver.Script("hang", Reply.Hanging, Reply.Hanging);
        Host = await DashboardHost.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Host.DisposeAsync();
    }

    public static NotificationEvent Event(NotificationKind kind, string title) =>
        new(kind, title, "Summary of " + title, new Dictionary<string, string> { ["VM"] = "vm-web-01", ["Ports"] = "22" }, "/access?request=7", DateTimeOffset.UtcNow);

    /// <summary>Waits until every delivery of the webhook has left Pending (a deadline, not a timing assertion).</summary>
    public Task<IReadOnlyList<WebhookDeliveryView>> SettledAsync(string webhook, int count) =>
        Eventually.WaitAsync(() => Deliveries.ListAsync(100, webhook),
            rows => rows.Count >= count && rows.All(r => r.Status != WebhookDeliveryStatus.Pending),
            TimeSpan.FromSeconds(90), $"{count} settled deliveries to {webhook}");
}

public sealed class WebhookDeliveryTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    [Fact]
    public async Task EachFormat_IsPostedToItsReceiver_WithTheExpectedBodyAndHeaders()
    {
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessRequested, "alice requested SSH <b>now</b>"));

        var teams = JsonNode.Parse((await fixture.Receiver.NextAsync("teams", "now")).Body)!;
        Assert.Equal("message", (string?)teams["type"]);
        Assert.Equal(WebhookPayloads.TeamsCardContentType, (string?)teams["attachments"]![0]!["contentType"]);
        Assert.Equal("alice requested SSH \\<b\\>now\\</b\\>", (string?)teams["attachments"]![0]!["content"]!["body"]![1]!["text"]);
        Assert.Equal("https://jit.contoso.test/access?request=7", (string?)teams["attachments"]![0]!["content"]!["actions"]![0]!["url"]);

        var slack = JsonNode.Parse((await fixture.Receiver.NextAsync("slack", "now")).Body)!;
        Assert.Equal("alice requested SSH &lt;b&gt;now&lt;/b&gt;", (string?)slack["text"]);
        Assert.Equal("header", (string?)slack["blocks"]![0]!["type"]);

        var jsonRequest = await fixture.Receiver.NextAsync("json", "now");
        var json = JsonNode.Parse(jsonRequest.Body)!;
        Assert.Equal("AccessRequested", (string?)json["kind"]);
        Assert.Equal("alice requested SSH <b>now</b>", (string?)json["title"]);
        Assert.Equal("vm-web-01", (string?)json["facts"]!["VM"]);
        Assert.Equal("AccessRequested", jsonRequest.Headers[WebhookSignature.EventHeader]);
        Assert.StartsWith("application/json", jsonRequest.Headers["Content-Type"], StringComparison.Ordinal);

        var rows = await fixture.SettledAsync("json", 1);
        var row = Assert.Single(rows, r => r.Title.EndsWith("now</b>", StringComparison.Ordinal));
        Assert.Equal(WebhookDeliveryStatus.Delivered, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), jsonRequest.Headers[WebhookSignature.DeliveryHeader]);
        Assert.All(await fixture.SettledAsync("teams", 1), r => Assert.Equal(WebhookDeliveryStatus.Delivered, r.Status));
        Assert.All(await fixture.SettledAsync("slack", 1), r => Assert.Equal(WebhookDeliveryStatus.Delivered, r.Status));
    }

    [Fact]
    public async Task Signature_VerifiesWithTheSecret_AndOnlyWhenASecretIsSet()
    {
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessRequested, "signed"));
        var signed = await fixture.Receiver.NextAsync("json", "\"signed\"");

        // What a receiver does, written out here independently of the app's helper.
        var timestamp = signed.Headers[WebhookSignature.TimestampHeader];
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookFixture.Secret), Encoding.UTF8.GetBytes(timestamp + "." + signed.Body));
        Assert.Equal("sha256=" + Convert.ToHexStringLower(mac), signed.Headers[WebhookSignature.SignatureHeader]);
        Assert.False(WebhookSignature.Verify(WebhookFixture.Secret, timestamp, signed.Body.Replace("signed", "forged", StringComparison.Ordinal), signed.Headers[WebhookSignature.SignatureHeader]));

        // The Slack webhook has no secret: no signature header.
        Assert.All(fixture.Receiver.To("slack"), r => Assert.False(r.Headers.ContainsKey(WebhookSignature.SignatureHeader)));
    }

    [Fact]
    public async Task ServerErrors_AreRetried_ThenDelivered()
    {
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessDecided, "bob approved"));

        var row = Assert.Single(await fixture.SettledAsync("flaky", 1));
        Assert.Equal(WebhookDeliveryStatus.Delivered, row.Status);
        Assert.Equal(3, row.Attempts);
        var requests = fixture.Receiver.To("flaky");
        Assert.Equal(3, requests.Count);
        // The same delivery, the same body, each time.
        Assert.Single(requests.Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct());
        Assert.Single(requests.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task RetryAfter_IsHonoured_BeforeTheNextAttempt()
    {
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessActive, "alice is active"));

        var row = Assert.Single(await fixture.SettledAsync("throttled", 1));
        Assert.Equal(WebhookDeliveryStatus.Delivered, row.Status);
        Assert.Equal(2, row.Attempts);
        var requests = fixture.Receiver.To("throttled");
        Assert.Equal(2, requests.Count);
        // The retry came no earlier than the receiver's Retry-After (1 s) after the 429, whereas the configured
        // backoff alone would have retried after 50 ms. (Ordering, not speed: a lower bound the sender must respect.)
        var gap = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.True(gap >= TimeSpan.FromSeconds(0.95), $"The retry came {gap.TotalMilliseconds} ms after the 429.");
    }

    [Fact]
    public async Task AReceiverThatKeepsFailing_IsGivenUpAfterMaxAttempts_AndAudited()
    {
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessExpired, "grant expired"));

        var row = Assert.Single(await fixture.SettledAsync("down", 1));
        Assert.Equal(WebhookDeliveryStatus.Failed, row.Status);
        Assert.Equal(3, row.Attempts);
        Assert.Equal(500, row.LastStatusCode);
        Assert.StartsWith("HTTP 500 InternalServerError (gave up after 3 attempts)", row.LastError, StringComparison.Ordinal);
        Assert.Equal(3, fixture.Receiver.To("down").Count);

        var audit = fixture.Host.Services.GetRequiredService<JitDashboard.Platform.Audit.IAuditLog>();
        // The ledger line follows the status change: wait for it (a deadline, not a timing assertion).
        var page = await Eventually.WaitAsync(
            () => audit.QueryAsync(new JitDashboard.Platform.Audit.AuditQuery { Action = JitDashboard.Platform.Audit.AuditActions.NotificationDeliveryFailed, Target = "down" }),
            p => p.Events.Count > 0, TimeSpan.FromSeconds(30), "the delivery-failed audit entry");
        var entry = Assert.Single(page.Events);
        Assert.Equal(JitDashboard.Platform.Audit.AuditOutcome.Failed, entry.Outcome);
        Assert.Contains("\"attempts\":3", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_Returns_WhileTheReceiverIsStillHanging()
    {
        // Bounded so that a PublishAsync that waited for the receiver fails the test instead of hanging it.
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessExpiring, "expiring soon")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var first = await fixture.Receiver.NextAsync("hang", "expiring soon");

        // The receiver holds that request open; a second event is queued just the same.
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessExpiring, "expiring later")).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(fixture.Receiver.Released);
        var rows = await fixture.Deliveries.ListAsync(10, "hang");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(WebhookDeliveryStatus.Pending, r.Status));
        Assert.Contains("expiring soon", first.Body, StringComparison.Ordinal);

        // Other webhooks are not held up by the hanging one.
        await fixture.Notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AutomationRun, "not held up"));
        Assert.Contains("not held up", (await fixture.Receiver.NextAsync("admin-test", "not held up")).Body, StringComparison.Ordinal);
        Assert.False(fixture.Receiver.Released);

        fixture.Receiver.ReleaseHanging();
        var settled = await fixture.SettledAsync("hang", 2);
        Assert.All(settled, r => Assert.Equal(WebhookDeliveryStatus.Delivered, r.Status));
    }
}
