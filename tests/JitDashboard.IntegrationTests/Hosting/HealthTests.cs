using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>/health/live and /health/ready: anonymous JSON; ready follows the database and ARM.</summary>
public sealed class HealthTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Live_And_Ready_AreAnonymousJson_ReadyDegradedNamingTheDemoEstatesDegradedSubscription()
    {
        using var client = fixture.Host.CreateClient();
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());

        var estate = fixture.Host.Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>();
        await estate.RefreshAsync();
        var degraded = estate.Snapshot.SubscriptionStatuses.Values.Where(s => s.Health != JitDashboard.Platform.Estate.SubscriptionHealth.Healthy).ToList();
        // The demo estate shows one degraded subscription (a permission gap on assessments): the check must see it.
        Assert.Equal(JitDashboard.Platform.Estate.SubscriptionHealth.Degraded, Assert.Single(degraded).Health);

        using var ready = await client.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        // Degraded (still 200: the app serves) while a subscription is incomplete, naming which; never Unhealthy for it.
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("arm").GetProperty("status").GetString());
        var estateCheck = body.GetProperty("checks").GetProperty("estate");
        Assert.Equal("Degraded", estateCheck.GetProperty("status").GetString());
        Assert.All(degraded, s => Assert.Contains(s.Subscription.SubscriptionId, estateCheck.GetProperty("description").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ready_IsCached_SoFrequentProbesAreNotArmTraffic()
    {
        using var client = fixture.Host.CreateClient();
        (await client.GetAsync("/health/ready")).Dispose();
        var simulator = fixture.Host.Simulator();
        var before = simulator.RequestLog.Snapshot().Count(r => r.Path.Equals("/subscriptions", StringComparison.OrdinalIgnoreCase));
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var after = simulator.RequestLog.Snapshot().Count(r => r.Path.Equals("/subscriptions", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(after - before, 0, 1);
    }

    [Fact]
    public async Task Ready_Is503_WhenArmIsUnreachable_WhileLiveStays200()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Arm:Endpoint"] = "https://127.0.0.1:1/",
            ["Arm:MaxRetries"] = "0",
        });
        using var client = host.CreateClient();
        using var ready = await client.GetAsync("/health/ready");
        var text = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var arm = body.GetProperty("checks").GetProperty("arm");
        Assert.Equal("Unhealthy", arm.GetProperty("status").GetString());
        Assert.StartsWith("ARM ", arm.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
