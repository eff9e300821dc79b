using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Work;
using JitDashboard.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.IntegrationTests.Features.Automation;

/// <summary>Only one instance runs automation when several share the database; another takes over when it goes.</summary>
public sealed class AutomationLeaseTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-lease-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private static AutomationLoop Loop(DashboardHost host) => host.Services.GetRequiredService<AutomationLoop>();

    [Fact]
    public async Task TwoHostsOnOneDatabase_OnlyOneRunsAutomation_AndTheOtherTakesOverWhenItGoes()
    {
        // Both hosts on the same SQLite file, each with its own embedded simulator.
        var settings = AutomationHost.FastSettings(_data);
        var hosts = new List<DashboardHost> { await DashboardHost.StartAsync(settings), await DashboardHost.StartAsync(settings) };
        try
        {
            var active = await AutomationHost.UntilAsync(() => Task.FromResult(hosts.FirstOrDefault(h => Loop(h).IsActive)), "one instance holds the lease");
            var standby = hosts.Single(h => !ReferenceEquals(h, active));

            // Several renew rounds later (each one moves the lease row's expiry on), still exactly one holder, and it
            // is the same one; the standby tries to take it at every round of its own.
            Assert.Equal(Loop(active).Lease.Holder, await Loop(active).Lease.CurrentHolderAsync());
            var factory = active.Services.GetRequiredService<IDbContextFactory<JitDbContext>>();
            var renewals = new HashSet<long>();
            await Eventually.WaitAsync(async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                var row = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == AutomationLoop.LeaseName);
                Assert.Equal(Loop(active).Lease.Holder, row.Holder);
                Assert.True(Loop(active).IsActive);
                Assert.False(Loop(standby).IsActive);
                renewals.Add(row.ExpiresAtMs);
                return renewals.Count >= 4;
            }, TimeSpan.FromSeconds(60), "three renewals of the lease by its holder");

            hosts.Remove(active);
            await active.DisposeAsync();
            await AutomationHost.UntilAsync(() => Task.FromResult(Loop(standby).IsActive ? "taken over" : null), "the standby takes the lease over");
            Assert.Equal(Loop(standby).Lease.Holder, await Loop(standby).Lease.CurrentHolderAsync());
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lease_IsExclusive_RenewedByItsHolder_AndTakenOverOnlyAfterExpiry()
    {
        await using var host = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["Automation:Enabled"] = "false", ["Database:DataDirectory"] = _data });
        var factory = host.Services.GetRequiredService<IDbContextFactory<JitDbContext>>();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var a = new DatabaseLease(factory, time, "test-job", "instance-a");
        var b = new DatabaseLease(factory, time, "test-job", "instance-b");
        var other = new DatabaseLease(factory, time, "other-job", "instance-b");

        Assert.True(await a.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await b.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await other.TryAcquireAsync(TimeSpan.FromSeconds(30)));

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await a.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await b.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("instance-a", await b.CurrentHolderAsync());

        // The holder stops renewing (it died): after expiry the other takes over, and the old holder cannot renew.
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Null(await b.CurrentHolderAsync());
        Assert.True(await b.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await a.TryAcquireAsync(TimeSpan.FromSeconds(30)));
        Assert.False(a.IsHeld);

        await b.ReleaseAsync();
        Assert.True(await a.TryAcquireAsync(TimeSpan.FromSeconds(30)));
    }
}
