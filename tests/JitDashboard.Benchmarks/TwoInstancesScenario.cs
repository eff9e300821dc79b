using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Persistence;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Estate.Sharing;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 18's <c>two-instances</c>: two app instances on one real PostgreSQL (a throw-away server, as the tests start)
/// and one standalone simulator with a generated estate. Per change: an NSG rule opening 22 PUT through ARM, its
/// Event Grid event POSTed to one instance (alternately the holder and the standby, which forwards it); measured from
/// the moment the holder's snapshot shows the port Open to the moment the standby's does (both taken in their
/// <see cref="IEstateService.Changed"/> handlers, no polling), and from the PUT to the standby. Also: the estate ARM
/// reads of each instance (subscription loads, targeted reads), the stored estate's size and store/load times, and
/// a failover (the holder disposed: time until the standby holds the lease, and until its own sweep is done).
/// </summary>
internal static class TwoInstancesScenario
{
    private const string Secret = "bench-events-secret-0123456789abcdef";

    //   two-instances [--vms 1000,20000] [--changes 20]
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var sizes = (Arg(args, "--vms") ?? "1000,20000").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var changes = int.Parse(Arg(args, "--changes") ?? "20", CultureInfo.InvariantCulture);
        var result = new JsonObject
        {
            ["scenario"] = "two-instances",
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["leaseDurationDefault"] = new EstateOptions().LeaseDuration.ToString(),
        };
        var postgres = new PostgresServerFixture();
        await postgres.InitializeAsync();
        try
        {
            foreach (var vms in sizes) result[$"vms{vms}"] = await MeasureAsync(postgres, vms, changes);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
        return result;
    }

    private static async Task<JsonObject> MeasureAsync(PostgresServerFixture postgres, int vms, int changes)
    {
        var work = Path.Combine(Path.GetTempPath(), "jit-bench-two-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var pem = Path.Combine(work, "simulator.pem");
        var connectionString = await postgres.CreateDatabaseAsync("bench");
        var subscriptions = Math.Max(1, vms / 1000);
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = $"vms={vms},subscriptions={subscriptions},seed=18", CertificateOut = pem });
        Dictionary<string, string?> Settings(string name) => new()
        {
            ["Simulator:Url"] = simulator.BaseUri.ToString(),
            ["Simulator:CertificateFile"] = pem,
            ["Simulator:Events"] = "false",
            ["Events:Secret"] = Secret,
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = connectionString,
            ["Database:DataDirectory"] = Path.Combine(work, name),
            ["Automation:CheckInterval"] = "01:00:00",
        };
        var start = Stopwatch.StartNew();
        var hosts = new List<RemediationLatencyScenario.AppHost>
        {
            RemediationLatencyScenario.AppHost.Start(Settings("a"), CountingEstateReads.Install),
            RemediationLatencyScenario.AppHost.Start(Settings("b"), CountingEstateReads.Install),
        };
        try
        {
            var holder = await Eventually.WaitAsync(() => Task.FromResult(hosts.FirstOrDefault(Leads)), h => h is not null, TimeSpan.FromMinutes(2), "a leader", TimeSpan.FromMilliseconds(50));
            var standby = hosts.Single(h => !ReferenceEquals(h, holder));
            var holderEstate = Estate(holder!);
            var standbyEstate = Estate(standby);
            await Eventually.WaitAsync(() => holderEstate.Snapshot is { HasLoaded: true, IsLoading: false }, TimeSpan.FromMinutes(10), "the holder's sweep", TimeSpan.FromMilliseconds(50));
            var holderLoadedMs = start.ElapsedMilliseconds;
            await Eventually.WaitAsync(() => standbyEstate.Snapshot is { HasLoaded: true, IsLoading: false } s && s.Machines.Count == holderEstate.Snapshot.Machines.Count,
                TimeSpan.FromMinutes(5), "the standby showing the estate", TimeSpan.FromMilliseconds(20));
            var standbyShownMs = start.ElapsedMilliseconds;
            var fullLoad = Shared(standby).LastStats;
            // The sweep's result, stored before the standby could read it (the first store is the "loading" header alone).
            var fullStore = Shared(holder!).LastStats;
            Console.Error.WriteLine($"{DateTime.UtcNow:T} {vms} VMs: holder loaded in {holderLoadedMs} ms, standby showed it at {standbyShownMs} ms");

            var updater = holder!.Services.GetRequiredService<JitDashboard.Platform.Estate.Live.IEstateUpdater>();
            var targets = holderEstate.Snapshot.Machines.Where(m => m.Facts.Nics.Count == 1
                    && m.Facts.Nics[0] is { NicNsgId: not null, SubnetNsgId: null, PublicIpAddress: not null, PrivateIpAddress: not null }
                    && m.Facts.Ports.All(p => p.Port != 22 || p.Exposure != PortExposure.Open) && FreeAhead(updater, m))
                .GroupBy(m => m.Facts.Nics[0].NicNsgId!, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).Take(changes).ToList();
            using var arm = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
            arm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ArmTokenAsync(simulator));
            var readsBefore = (Holder: Reads(holder).Total, Standby: Reads(standby).Total);
            var armBefore = simulator.RequestLog.Snapshot().Count;
            var propagation = new List<double>();
            var putToStandby = new List<double>();
            var storeStats = new List<SharedEstateStats>();
            var loadStats = new List<SharedEstateStats>();
            for (var i = 0; i < targets.Count; i++)
            {
                var m = targets[i];
                var clock = Stopwatch.StartNew();
                var atHolder = Seen(holderEstate, m, clock);
                var atStandby = Seen(standbyEstate, m, clock);
                var rule = await OpenAsync(arm, m, $"bench-two-{i}");
                // Alternately to the holder and to the standby (which forwards it): Event Grid picks either.
                using var events = (i % 2 == 0 ? holder : standby).CreateClient();
                using var posted = await events.PostAsync($"api/v1/events/azure?code={Secret}", new StringContent(Event($"e{i}", rule), Encoding.UTF8, "application/json"));
                posted.EnsureSuccessStatusCode();
                var holderMs = await atHolder.WaitAsync(TimeSpan.FromMinutes(1));
                var standbyMs = await atStandby.WaitAsync(TimeSpan.FromMinutes(1));
                propagation.Add(standbyMs - holderMs);
                putToStandby.Add(standbyMs);
                storeStats.Add(Shared(holder).LastStats);
                loadStats.Add(Shared(standby).LastStats);
            }
            propagation.Sort();
            putToStandby.Sort();
            var changeReads = (Holder: Reads(holder).Total - readsBefore.Holder, Standby: Reads(standby).Total - readsBefore.Standby);
            var armDuringChanges = simulator.RequestLog.Snapshot().Count - armBefore;
            var result = new JsonObject
            {
                ["subscriptions"] = subscriptions,
                ["holderFirstSweepMs"] = holderLoadedMs,
                ["standbyShowsFirstEstateAtMs"] = standbyShownMs,
                ["storedFull"] = Stats(fullStore),
                ["standbyFirstLoad"] = Stats(fullLoad),
                ["changes"] = targets.Count,
                ["holderToStandbyMs"] = Figures(propagation),
                ["putToStandbyMs"] = Figures(putToStandby),
                ["storePerChange"] = Stats(storeStats),
                ["standbyLoadPerChange"] = Stats(loadStats),
                ["estateArmReads"] = new JsonObject
                {
                    ["holderStartup"] = readsBefore.Holder,
                    ["standbyStartup"] = readsBefore.Standby,
                    ["holderDuringChanges"] = changeReads.Holder,
                    ["standbyDuringChanges"] = changeReads.Standby,
                },
                ["armRequestsDuringChangesBothInstances"] = armDuringChanges,
            };

            // Failover: the holder goes (its lease released at shutdown); the standby takes over and sweeps.
            var failover = Stopwatch.StartNew();
            hosts.Remove(holder);
            await holder.DisposeAsync();
            await Eventually.WaitAsync(() => Leads(standby), TimeSpan.FromMinutes(2), "the standby taking over", TimeSpan.FromMilliseconds(20));
            var takenMs = failover.ElapsedMilliseconds;
            await Eventually.WaitAsync(() => Reads(standby).SubscriptionLoads >= subscriptions && standbyEstate.Snapshot is { IsLoading: false },
                TimeSpan.FromMinutes(10), "the new holder's sweep", TimeSpan.FromMilliseconds(50));
            result["failover"] = new JsonObject { ["leaseTakenMs"] = takenMs, ["ownSweepDoneMs"] = failover.ElapsedMilliseconds };
            return result;
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
            await postgres.DropDatabaseAsync(connectionString);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned with the temp folder eventually.
            }
        }
    }

    private static bool Leads(RemediationLatencyScenario.AppHost host) => host.Services.GetRequiredService<EstateLeadership>().IsLeader;

    private static IEstateService Estate(RemediationLatencyScenario.AppHost host) => host.Services.GetRequiredService<IEstateService>();

    private static SharedEstateWorker Shared(RemediationLatencyScenario.AppHost host) => host.Services.GetRequiredService<SharedEstateWorker>();

    private static CountingEstateReads Reads(RemediationLatencyScenario.AppHost host) => host.Services.GetRequiredService<CountingEstateReads>();

    /// <summary>Completes with the clock's reading when <paramref name="estate"/> first shows 22 Open on the VM (taken in the event handler).</summary>
    private static Task<double> Seen(IEstateService estate, EstateMachine m, Stopwatch clock)
    {
        var seen = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<EstateSnapshot>? handler = null;
        handler = snapshot =>
        {
            var machine = snapshot.Machines.FirstOrDefault(x => string.Equals(x.Id, m.Id, StringComparison.OrdinalIgnoreCase));
            if (machine is null || !machine.Facts.Ports.Any(p => p.Port == 22 && p.Exposure == PortExposure.Open)) return;
            if (seen.TrySetResult(clock.Elapsed.TotalMilliseconds)) estate.Changed -= handler;
        };
        estate.Changed += handler;
        return seen.Task;
    }

    private static bool FreeAhead(JitDashboard.Platform.Estate.Live.IEstateUpdater updater, EstateMachine m) =>
        updater.InventoryOf(m.SubscriptionId)?.NetworkSecurityGroups
            .FirstOrDefault(n => string.Equals(n.Id, m.Facts.Nics[0].NicNsgId, StringComparison.OrdinalIgnoreCase)) is { } nsg
        && nsg.Properties.SecurityRules.All(r => r.Properties.Priority > 110 || !string.Equals(r.Properties.Direction, "Inbound", StringComparison.OrdinalIgnoreCase));

    private static async Task<string> OpenAsync(HttpClient arm, EstateMachine m, string name)
    {
        var nic = m.Facts.Nics[0];
        var rule = $"{nic.NicNsgId}/securityRules/{name}";
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["protocol"] = "*", ["sourcePortRange"] = "*", ["destinationPortRange"] = "22", ["sourceAddressPrefix"] = "*",
                ["destinationAddressPrefix"] = nic.PrivateIpAddress, ["access"] = "Allow", ["priority"] = 101, ["direction"] = "Inbound",
            },
        };
        using var put = await arm.PutAsJsonAsync($"{rule.TrimStart('/')}?api-version=2024-05-01", body);
        if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {rule}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return rule;
    }

    private static string Event(string id, string resourceUri) => $$$"""
        [{"id":"{{{id}}}","topic":"/subscriptions/x","subject":"{{{resourceUri}}}","eventType":"Microsoft.Resources.ResourceWriteSuccess",
          "eventTime":"2026-12-04T08:00:00Z","dataVersion":"2","metadataVersion":"1",
          "data":{"resourceUri":"{{{resourceUri}}}","operationName":"Microsoft.Network/networkSecurityGroups/securityRules/write","status":"Succeeded"}}]
        """;

    private static async Task<string> ArmTokenAsync(SimulatorHost simulator)
    {
        using var client = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        using var issued = await client.PostAsJsonAsync("/_simulator/identity/token", new JsonObject { ["user"] = "carol@contoso.test", ["audience"] = "https://management.azure.com/" });
        issued.EnsureSuccessStatusCode();
        return (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    private static JsonObject Stats(SharedEstateStats s) => new()
    {
        ["version"] = s.Version, ["parts"] = s.Parts, ["bytes"] = s.Bytes, ["machines"] = s.Machines, ["ms"] = Math.Round(s.Elapsed.TotalMilliseconds, 1),
    };

    private static JsonObject Stats(List<SharedEstateStats> all)
    {
        var ms = all.Select(s => s.Elapsed.TotalMilliseconds).Order().ToList();
        var bytes = all.Select(s => (double)s.Bytes).Order().ToList();
        return new JsonObject
        {
            ["p50Ms"] = Percentile(ms, 0.5), ["p95Ms"] = Percentile(ms, 0.95), ["p50Bytes"] = Percentile(bytes, 0.5), ["maxParts"] = all.Count == 0 ? 0 : all.Max(s => s.Parts),
        };
    }

    private static JsonObject Figures(List<double> sorted) => new()
    {
        ["count"] = sorted.Count,
        ["p50Ms"] = Percentile(sorted, 0.50),
        ["p95Ms"] = Percentile(sorted, 0.95),
        ["maxMs"] = sorted.Count == 0 ? null : Math.Round(sorted[^1], 1),
    };

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
