using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Features.Access;
using JitDashboard.IntegrationTests.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Sharing;
using JitDashboard.Platform.Work;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Issue 18, more than one instance: two app hosts on one PostgreSQL database and one standalone simulator. One
/// (the <c>estate</c> lease's holder) reads ARM; the other shows the estate it stores, forwards what it receives, and
/// takes over when the holder goes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesTests(PostgresServerFixture server) : IAsyncLifetime
{
    private const string Secret = "test-only-events-secret-0123456789";
    private readonly SharedDatabase _shared = new(server);

    public Task InitializeAsync() => _shared.CreateAsync();

    public Task DisposeAsync() => _shared.DropAsync();

    private Dictionary<string, string?> Settings(SimulatorHost simulator, string name)
    {
        var settings = _shared.Settings(simulator, name);
        // Events are posted by the test, to the instance it chooses.
        settings["Simulator:Events"] = "false";
        settings["Events:Secret"] = Secret;
        // A quick takeover for the failover step.
        settings["Estate:LeaseDuration"] = "00:00:03";
        return settings;
    }

    private static bool Leads(DashboardHost host) => host.Services.GetRequiredService<EstateLeadership>().IsLeader;

    private static CountingEstateReads Reads(DashboardHost host) => host.Services.GetRequiredService<CountingEstateReads>();

    private static EstateSnapshot Snapshot(DashboardHost host) => host.Services.GetRequiredService<IEstateService>().Snapshot;

    private static string WriteEvent(string id, string resourceUri) => $$$"""
        [{"id":"{{{id}}}","topic":"/subscriptions/x","subject":"{{{resourceUri}}}","eventType":"Microsoft.Resources.ResourceWriteSuccess",
          "eventTime":"2026-12-04T08:00:00Z","dataVersion":"2","metadataVersion":"1",
          "data":{"resourceUri":"{{{resourceUri}}}","operationName":"Microsoft.Network/networkSecurityGroups/securityRules/write","status":"Succeeded"}}]
        """;

    [Fact]
    public async Task OneInstanceReadsArm_TheOtherFollows_EventsAndRequestsCrossOnce_AndTheStandbyTakesOver()
    {
        await using var simulator = await _shared.StartSimulatorAsync();
        var a = await DashboardHost.StartAsync(Settings(simulator, "a"), "Production", CountingEstateReads.Install);
        var b = await DashboardHost.StartAsync(Settings(simulator, "b"), "Production", CountingEstateReads.Install);
        var hosts = new List<DashboardHost> { a, b };
        try
        {
            await Task.WhenAll(hosts.Select(h => ((PostgresChangeBus)h.Services.GetRequiredService<IChangeBus>()).Listening));
            var holder = await Eventually.WaitAsync(() => Task.FromResult(hosts.FirstOrDefault(Leads)), h => h is not null, TimeSpan.FromSeconds(30), "one instance leads the estate");
            var standby = hosts.Single(h => !ReferenceEquals(h, holder));
            Assert.False(Leads(standby));

            // The holder loads the estate; the standby shows the same without reading ARM (even when asked to load).
            var loaded = await holder!.LoadedEstateAsync();
            var shown = await standby.LoadedEstateAsync();
            Assert.Equal(loaded.Machines.Count, shown.Machines.Count);
            Assert.Equal(loaded.Machines.Select(m => m.Id), shown.Machines.Select(m => m.Id));
            Assert.Equal(loaded.Machines.Select(m => m.Facts.JitStatus), shown.Machines.Select(m => m.Facts.JitStatus));
            Assert.Equal(loaded.SubscriptionStatuses.Keys.Order(), shown.SubscriptionStatuses.Keys.Order());
            Assert.True(Reads(holder).SubscriptionLoads > 0);

            // A change in Azure (an NSG rule opening SSH), its event delivered to the STANDBY, twice (Event Grid retries).
            var target = loaded.Machines.First(m => m.Facts.JitStatus == JitStatus.NotConfigured
                && m.Facts.Nics.Count == 1 && m.Facts.Nics[0] is { NicNsgId: not null, SubnetNsgId: null, PublicIpAddress: not null }
                && m.Facts.Ports.First(p => p.Port == 22).Exposure != PortExposure.Open);
            var nsg = target.Facts.Nics[0].NicNsgId!;
            var rule = $"{nsg}/securityRules/open-ssh-by-hand";
            using (var arm = await SharedDatabase.ClientAsync(simulator, null, "carol@contoso.test", "https://management.azure.com/"))
            {
                var put = await arm.PutAsJsonAsync($"{rule.TrimStart('/')}?api-version=2024-05-01", new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["protocol"] = "Tcp", ["access"] = "Allow", ["direction"] = "Inbound", ["priority"] = 150,
                        ["sourceAddressPrefix"] = "*", ["sourcePortRange"] = "*", ["destinationAddressPrefix"] = "*", ["destinationPortRange"] = "22",
                    },
                });
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            }
            var holderReadsBefore = Reads(holder).ResourceReads.Count(r => r.StartsWith(nsg, StringComparison.OrdinalIgnoreCase));
            using var events = standby.CreateClient();
            for (var i = 0; i < 2; i++)
            {
                var posted = await events.PostAsync($"api/v1/events/azure?code={Secret}", new StringContent(WriteEvent("evt-1", rule), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }
            bool Open(DashboardHost host) => Snapshot(host).Machines.First(m => m.Id == target.Id).Facts.Ports.First(p => p.Port == 22).Exposure == PortExposure.Open;
            await Eventually.WaitAsync(() => Open(holder), TimeSpan.FromSeconds(30), "the holder shows port 22 open");
            // How quickly is the benchmark's business (two-instances); here: it arrives, from the shared state.
            await Eventually.WaitAsync(() => Open(standby), TimeSpan.FromSeconds(10), "the standby shows port 22 open");
            Assert.Equal(1, Reads(holder).ResourceReads.Count(r => r.StartsWith(nsg, StringComparison.OrdinalIgnoreCase)) - holderReadsBefore);
            Assert.Equal(0, Reads(standby).Total);

            // An access request filed on the standby reaches the holder's pages (their Changed event), and vice versa.
            var heard = new TaskCompletionSource<AccessRequestView>(TaskCreationOptions.RunContinuationsAsynchronously);
            holder.Services.GetRequiredService<IAccessService>().Changed += view => heard.TrySetResult(view);
            using var alice = await SharedDatabase.ClientAsync(simulator, standby, "alice@contoso.test");
            var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(SshJitMachine(shown), "203.0.113.99"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            Assert.Equal(id, (await heard.Task.WaitAsync(TimeSpan.FromSeconds(30))).Id.ToString());

            // The bus reconnects when its connection is killed, and the standby still follows afterwards.
            var bus = (PostgresChangeBus)standby.Services.GetRequiredService<IChangeBus>();
            var connections = bus.Connections;
            await using (var admin = new NpgsqlConnection(_shared.ConnectionString))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'", admin);
                await kill.ExecuteNonQueryAsync();
            }
            await Eventually.WaitAsync(() => bus.Connections > connections, TimeSpan.FromSeconds(30), "the standby's bus listening again");

            // Failover: the holder goes; the standby takes the lease over and reads ARM itself.
            hosts.Remove(holder);
            await holder.DisposeAsync();
            await Eventually.WaitAsync(() => Leads(standby), TimeSpan.FromSeconds(30), "the standby takes the estate lease over");
            await Eventually.WaitAsync(() => Reads(standby).SubscriptionLoads > 0, TimeSpan.FromSeconds(30), "the new holder sweeps");
            var refreshed = await standby.LoadedEstateAsync();
            Assert.Equal(loaded.Machines.Count, refreshed.Machines.Count);
            Assert.True(refreshed.Machines.First(m => m.Id == target.Id).Facts.Ports.First(p => p.Port == 22).Exposure == PortExposure.Open);
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnEventForwardedWhileTheHolderIsGone_WaitsInTheInbox_AndTheNextHolderAppliesIt()
    {
        await using var simulator = await _shared.StartSimulatorAsync();
        // A first instance reads and stores the estate, then goes.
        EstateSnapshot loaded;
        await using (var first = await DashboardHost.StartAsync(Settings(simulator, "a"), "Production", CountingEstateReads.Install))
        {
            await Eventually.WaitAsync(() => Leads(first), TimeSpan.FromSeconds(30), "the first instance leads");
            loaded = await first.LoadedEstateAsync();
            await Eventually.WaitAsync(() => first.Services.GetRequiredService<SharedEstateVersion>().Current > 0, TimeSpan.FromSeconds(30), "the estate stored");
        }
        // A holder that died without acting: its lease still runs (until the test lets it run out below), and it
        // never reads the inbox. (A lease of a few seconds could run out while the second instance starts on a
        // loaded machine, and the inbox would drain before it is looked at.)
        await SetEstateLeaseAsync("dead-instance", DateTimeOffset.UtcNow.AddMinutes(10));
        await using var b = await DashboardHost.StartAsync(Settings(simulator, "b"), "Production", CountingEstateReads.Install);
        await ((PostgresChangeBus)b.Services.GetRequiredService<IChangeBus>()).Listening;
        Assert.False(Leads(b));
        var inbox = b.Services.GetRequiredService<EstateInboxStore>();

        // A VM's tags change in Azure; its event reaches the standby, which stores it before answering.
        var target = loaded.Machines[0];
        Assert.False(Leads(b));
        var posted = await b.CreateClient().PostAsync($"api/v1/events/azure?code={Secret}", new StringContent(WriteEvent("evt-inbox-1", target.Id), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(1, await inbox.CountAsync());
        Assert.Equal(0, b.Services.GetRequiredService<EstateInboxWorker>().Applied);

        // The dead holder's lease runs out; the standby takes it over and applies what waited.
        await SetEstateLeaseAsync("dead-instance", DateTimeOffset.UtcNow.AddSeconds(-1));
        await Eventually.WaitAsync(() => Leads(b), TimeSpan.FromSeconds(30), "the standby takes the estate lease over");
        await Eventually.WaitAsync(async () => await inbox.CountAsync() == 0, TimeSpan.FromSeconds(30), "the inbox drained");
        Assert.Equal(1, b.Services.GetRequiredService<EstateInboxWorker>().Applied);
    }

    [Fact]
    public async Task AnEventRetriedToTheOtherInstance_IsARepeatThere_AndIsNotForwardedAgain()
    {
        await using var simulator = await _shared.StartSimulatorAsync();
        await using var a = await DashboardHost.StartAsync(Settings(simulator, "a"), "Production", CountingEstateReads.Install);
        await Eventually.WaitAsync(() => Leads(a), TimeSpan.FromSeconds(30), "the first instance leads");
        var loaded = await a.LoadedEstateAsync();
        await using var b = await DashboardHost.StartAsync(Settings(simulator, "b"), "Production", CountingEstateReads.Install);
        await ((PostgresChangeBus)b.Services.GetRequiredService<IChangeBus>()).Listening;
        Assert.False(Leads(b));
        var target = loaded.Machines[0].Id;

        async Task<JsonObject> PostAsync(DashboardHost host, string body)
        {
            using var posted = await host.CreateClient().PostAsync($"api/v1/events/azure?code={Secret}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            return (await posted.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        var first = await PostAsync(a, WriteEvent("evt-retried-1", target));
        Assert.Equal(1, (int)first["accepted"]!);
        Assert.Equal(0, (int)first["duplicates"]!);

        // Event Grid saw no answer in time and delivers again; the load balancer sends the retry to the other instance.
        var retry = await PostAsync(b, WriteEvent("evt-retried-1", target));
        Assert.Equal(0, (int)retry["accepted"]!);
        Assert.Equal(1, (int)retry["duplicates"]!);
        Assert.Equal(0, await b.Services.GetRequiredService<EstateInboxStore>().CountAsync());

        // Another event to the standby is stored for the holder as before.
        var other = await PostAsync(b, WriteEvent("evt-retried-2", target));
        Assert.Equal(1, (int)other["accepted"]!);
    }

    [Fact]
    public async Task AnEventTheStandbyCouldNotTakeOn_IsAppliedWhenEventGridRetries_NotCountedAsARepeat()
    {
        await using var simulator = await _shared.StartSimulatorAsync();
        await using var a = await DashboardHost.StartAsync(Settings(simulator, "a"), "Production", CountingEstateReads.Install);
        await Eventually.WaitAsync(() => Leads(a), TimeSpan.FromSeconds(30), "the first instance leads");
        var target = (await a.LoadedEstateAsync()).Machines[0].Id;
        await using var b = await DashboardHost.StartAsync(Settings(simulator, "b"), "Production", CountingEstateReads.Install);
        await ((PostgresChangeBus)b.Services.GetRequiredService<IChangeBus>()).Listening;
        Assert.False(Leads(b));

        async Task<HttpResponseMessage> PostAsync() =>
            await b.CreateClient().PostAsync($"api/v1/events/azure?code={Secret}", new StringContent(WriteEvent("evt-unstored-1", target), Encoding.UTF8, "application/json"));

        // The shared claims cannot be read (the database refuses): the delivery is not acknowledged. (A failed store
        // for the leader takes the same path; the forwarder falls back to the bus first, so it is hard to provoke.)
        await AlterAsync("ALTER TABLE delivery_claims RENAME TO delivery_claims_away");
        try
        {
            using var failed = await PostAsync();
            Assert.False(failed.IsSuccessStatusCode);
        }
        finally
        {
            await AlterAsync("ALTER TABLE delivery_claims_away RENAME TO delivery_claims");
        }

        // Event Grid retries: the event is stored for the holder this time, not dropped as a repeat.
        using var retried = await PostAsync();
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var body = (await retried.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, (int)body["accepted"]!);
        Assert.Equal(0, (int)body["duplicates"]!);
    }

    private async Task AlterAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(_shared.ConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private async Task SetEstateLeaseAsync(string holder, DateTimeOffset until)
    {
        await using var admin = new NpgsqlConnection(_shared.ConnectionString);
        await admin.OpenAsync();
        await using var lease = new NpgsqlCommand("UPDATE leases SET holder = @holder, expires_at_ms = @until WHERE name = 'estate'", admin);
        lease.Parameters.AddWithValue("holder", holder);
        lease.Parameters.AddWithValue("until", until.ToUnixTimeMilliseconds());
        Assert.Equal(1, await lease.ExecuteNonQueryAsync());
    }
}
