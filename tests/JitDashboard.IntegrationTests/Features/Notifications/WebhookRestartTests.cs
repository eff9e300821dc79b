using System.Data.Common;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Notifications;

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
        var row = await Eventually.WaitAsync(async () => Assert.Single(await deliveries.ListAsync(10)),
            r => r.Status != WebhookDeliveryStatus.Pending, TimeSpan.FromSeconds(60), "the resumed delivery to leave Pending");
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
        // The second instance's reads of the outbox are counted: each pass of its sender reads it.
        var secondPolls = new OutboxReads();
        await using var second = await DashboardHost.StartAsync(Settings(receiver), "Production",
            services => services.ConfigureDbContext<SqliteJitDbContext>(o => o.AddInterceptors(secondPolls)));

        var notifier = first.Services.GetRequiredService<INotifier>();
        for (var i = 0; i < 3; i++)
            await notifier.PublishAsync(WebhookFixture.Event(NotificationKind.AccessRequested, "once " + i));
        for (var i = 0; i < 3; i++)
            await receiver.NextAsync("ops");
        // Both instances poll every 200 ms: let the second make several passes (each reads the outbox twice) while
        // the three posts hang.
        var before = secondPolls.Count;
        await Eventually.WaitAsync(() => secondPolls.Count >= before + 6, TimeSpan.FromSeconds(60), "three more passes of the second instance's sender");
        Assert.Equal(3, receiver.To("ops").Count);

        receiver.ReleaseHanging();
        var deliveries = first.Services.GetRequiredService<INotificationDeliveries>();
        await Eventually.WaitAsync(async () => (await deliveries.ListAsync(10)).All(r => r.Status != WebhookDeliveryStatus.Pending),
            TimeSpan.FromSeconds(60), "every delivery to leave Pending");
        Assert.All(await deliveries.ListAsync(10), r => Assert.Equal((WebhookDeliveryStatus.Delivered, 1), (r.Status, r.Attempts)));
        Assert.Equal(3, receiver.To("ops").Select(r => r.Headers[WebhookSignature.DeliveryHeader]).Distinct().Count());
        Assert.Equal(3, receiver.To("ops").Count);
    }

    /// <summary>Counts the queries that read the webhook outbox (the sender reads it at every pass).</summary>
    private sealed class OutboxReads : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Observe(command);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Observe(command);
            return base.ReaderExecuted(command, eventData, result);
        }

        private void Observe(DbCommand command)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("\"webhook_deliveries\"", StringComparison.Ordinal))
                Interlocked.Increment(ref _count);
        }
    }
}
