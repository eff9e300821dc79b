using JitDashboard.Features.Notifications;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Notifications;

/// <summary>Deliveries on a database shared by app instances: resumed after a restart, posted once by two instances.</summary>
public sealed class WebhookRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-webhooks-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private Dictionary<string, string?> Settings(LocalReceiver receiver) => new()
    {
        ["Database:DataDirectory"] = _data,
        ["Notifications:Webhooks:0:Name"] = "ops",
        ["Notifications:Webhooks:0:Url"] = receiver.Url("ops"),
        ["Notifications:Webhooks:0:Format"] = "Json",
        ["Notifications:Timeout"] = "00:01:00",
        ["Notifications:PollInterval"] = "00:00:00.2",
    };

    [Fact]
    public async Task PendingDelivery_IsResumed_AfterARestart()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        // The first start's post hangs until that app stops; the second start's is answered.
        receiver.Script("ops", Reply.Hanging);
        long id;
        await using (var first = await DashboardHost.StartAsync(Settings(receiver)))
        {
            await first.Services.GetRequiredService<INotifier>().PublishAsync(WebhookFixture.Event(NotificationKind.AccessRequested, "survives a restart"));
            var inFlight = await receiver.NextAsync("ops", "survives a restart");
            id = long.Parse(inFlight.Headers[WebhookSignature.DeliveryHeader], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(WebhookDeliveryStatus.Pending, Assert.Single(await first.Services.GetRequiredService<INotificationDeliveries>().ListAsync(10)).Status);
        }
        Assert.False(receiver.Released);

        await using var second = await DashboardHost.StartAsync(Settings(receiver));
        var resumed = await receiver.NextAsync("ops", "survives a restart");
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), resumed.Headers[WebhookSignature.DeliveryHeader]);

        var deliveries = second.Services.GetRequiredService<INotificationDeliveries>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        WebhookDeliveryView row;
        do
        {
            await Task.Delay(100, cts.Token);
            row = Assert.Single(await deliveries.ListAsync(10, ct: cts.Token));
        }
        while (row.Status == WebhookDeliveryStatus.Pending);
        Assert.Equal(WebhookDeliveryStatus.Delivered, row.Status);
        // The interrupted post does not count as an attempt.
        Assert.Equal(1, row.Attempts);
        Assert.Equal(2, receiver.To("ops").Count);
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_PostEachDeliveryOnce()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        // Every post hangs until released, so that the other instance polls while they are in flight.
        receiver.Script("ops", Enumerable.Repeat(Reply.Hanging, 3).ToArray());
        await using var first = await DashboardHost.StartAsync(Settings(receiver));
        await using var second = await DashboardHost.StartAsync(Settings(receiver));

        var notifier = first.Services.GetRequiredService<INotifier>();
        for (var i = 0; i < 3; i++)
            await notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessRequested, "once " + i));
        for (var i = 0; i < 3; i++)
            await receiver.NextAsync("ops");
        // Both instances poll every 200 ms: give the second several polls while the three posts hang.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(3, receiver.To("ops").Count);

        receiver.ReleaseHanging();
        var deliveries = first.Services.GetRequiredService<INotificationDeliveries>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await deliveries.ListAsync(10, ct: cts.Token)).Any(r => r.Status == WebhookDeliveryStatus.Pending))
            await Task.Delay(100, cts.Token);
        Assert.All(await deliveries.ListAsync(10), r => Assert.Equal((WebhookDeliveryStatus.Delivered, 1), (r.Status, r.Attempts)));
        Assert.Equal(3, receiver.To("ops").Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct().Count());
        Assert.Equal(3, receiver.To("ops").Count);
    }
}
