using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.DevHost;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 16's <c>live-changes</c>: the whole app with its embedded simulator (a generated estate) and the simulator's
/// Event Grid delivering to the app. (1) an NSG rule opening 22 to <c>*</c> PUT through ARM, to GET
/// /api/v1/machines/{vm} showing 22 Open; (2) with an Apply rule on (exposure trigger), an NSG rule opening 3389 PUT
/// through ARM, to the API showing the VM Configured (JIT back); (3) ARM requests the app makes in a quiet minute.
/// Changes one at a time; latency sampled every 10 ms.
/// Baseline, in the same run and on the same estate: what users ran before events, the previous release's default,
/// a full sweep every 5 minutes with no events. A portal change lands at a uniformly random point of the sweep cycle,
/// so it shows after U(0, 5 min) plus one sweep: p50 and p95 are that with the sweep's duration measured here; the
/// <c>--baseline-changes</c> real PUTs (default 1) confirm the mechanism. ARM requests: one sweep's, spread over its
/// interval.
/// </summary>
internal static class LiveChangesScenario
{
    private const string NetworkApi = "2024-05-01";

    //   live-changes [--vms 1000,20000] [--changes 20] [--remediations 10] [--quiet-seconds 60] [--baseline-changes 1]
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var sizes = (Arg(args, "--vms") ?? "1000,20000").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var changes = int.Parse(Arg(args, "--changes") ?? "20", CultureInfo.InvariantCulture);
        var remediations = int.Parse(Arg(args, "--remediations") ?? "10", CultureInfo.InvariantCulture);
        var quiet = int.Parse(Arg(args, "--quiet-seconds") ?? "60", CultureInfo.InvariantCulture);
        var baselineChanges = int.Parse(Arg(args, "--baseline-changes") ?? "1", CultureInfo.InvariantCulture);
        var result = new JsonObject
        {
            ["scenario"] = "live-changes",
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["estateRefreshIntervalDefault"] = new EstateOptions().RefreshInterval.ToString(),
            ["eventDebounceDefault"] = new EstateOptions().EventDebounce.ToString(),
        };
        foreach (var vms in sizes)
        {
            var live = await MeasureAsync(vms, changes, remediations, quiet, baseline: false);
            if (baselineChanges > 0)
            {
                var sweepOnly = await MeasureAsync(vms, baselineChanges, 0, 0, baseline: true);
                live["baselineSweepEvery5Min"] = sweepOnly;
                foreach (var q in new[] { "p50Ms", "p95Ms" })
                {
                    if (sweepOnly["portOpenToApi"]?[q] is JsonValue b && live["portOpenToApi"]?[q] is JsonValue l && l.GetValue<double>() > 0)
                        live[q.Replace("Ms", "SpeedupVsBaseline", StringComparison.Ordinal)] = Math.Round(b.GetValue<double>() / l.GetValue<double>(), 1);
                }
            }
            result[$"vms{vms}"] = live;
        }

        return result;
    }

    private static async Task<JsonObject> MeasureAsync(int vms, int changes, int remediations, int quietSeconds, bool baseline)
    {
        var data = Path.Combine(Path.GetTempPath(), "jit-bench-live-" + Guid.NewGuid().ToString("N"));
        var subscriptions = Math.Max(1, vms / 2000);
        var host = RemediationLatencyScenario.AppHost.Start(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = data,
            ["Simulator:Generate"] = $"vms={vms},subscriptions={subscriptions},seed=16",
            // Only events drive automation here: its safety check would otherwise act on the whole estate.
            ["Automation:CheckInterval"] = "01:00:00",
            // The baseline: no events, the full sweep at the previous release's default interval.
            ["Simulator:Events"] = baseline ? "false" : "true",
            ["Estate:RefreshInterval"] = baseline ? "00:05:00" : new EstateOptions().RefreshInterval.ToString(),
        });
        try
        {
            var load = Stopwatch.StartNew();
            if (!baseline && !await host.Services.GetRequiredService<SimulatorEventsRegistration>().Registered.WaitAsync(TimeSpan.FromMinutes(2)))
                throw new InvalidOperationException("The app did not register with the simulator's Event Grid.");
            var estate = host.Services.GetRequiredService<IEstateService>();
            await Eventually.WaitAsync(() => estate.Snapshot.HasLoaded && !estate.Snapshot.IsLoading, TimeSpan.FromMinutes(10), "the first sweep", TimeSpan.FromMilliseconds(200));
            var loadedMs = load.ElapsedMilliseconds;
            var snapshot = estate.Snapshot;
            Console.Error.WriteLine($"{DateTime.UtcNow:T} {vms} VMs loaded in {loadedMs} ms");
            var simulator = host.Services.GetRequiredService<SimulatorArmEnvironment>().Embedded!;
            var updater = host.Services.GetRequiredService<JitDashboard.Platform.Estate.Live.IEstateUpdater>();
            using var arm = host.CreateSimulatorClient();
            arm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(host, JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience));
            using var api = host.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(host, null));

            var suitable = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && !ScopeEvaluator.HasTag(m, "jit-exempt", "true")
                    && m.Facts.Nics.Count == 1 && m.Facts.Nics[0] is { NicNsgId: not null, SubnetNsgId: null, PublicIpAddress: not null, PrivateIpAddress: not null }
                    && m.Facts.Ports.All(p => p.Port is not (22 or 3389) || p.Exposure != PortExposure.Open) && FreeAhead(updater, m))
                .GroupBy(m => m.Facts.Nics[0].NicNsgId!, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            var openSet = suitable.Take(changes).ToList();
            if (openSet.Count == 0)
                throw new InvalidOperationException("No suitable VM (a NIC NSG with nothing at priority 110 or before, a public IP): a larger estate.");

            // (1) PUT → API shows the port Open.
            var openLatencies = new List<double>();
            foreach (var m in openSet)
            {
                var clock = Stopwatch.StartNew();
                await OpenAsync(arm, m, 22, "bench-live-ssh");
                // The snapshot the API serves, sampled every 10 ms (the API itself is rate-limited per user); then the API says so.
                await Eventually.WaitAsync(() => Facts(estate, m).Ports.Any(p => p.Port == 22 && p.Exposure == PortExposure.Open), TimeSpan.FromMinutes(baseline ? 10 : 1), $"22 Open on {m.Name}", TimeSpan.FromMilliseconds(10));
                openLatencies.Add(clock.ElapsedMilliseconds);
                if ((await PortAsync(api, m, 22)).Exposure != "Open") throw new InvalidOperationException($"The API does not show 22 Open on {m.Name}.");
            }
            if (baseline)
            {
                // ARM requests in a quiet minute: one sweep's requests spread over its 5-minute interval.
                simulator.RequestLog.Clear();
                var sweep = Stopwatch.StartNew();
                await host.Services.GetRequiredService<EstateRefreshCoordinator>().SweepAsync();
                var sweepMs = sweep.ElapsedMilliseconds;
                var perSweep = simulator.RequestLog.Snapshot().Count;
                var interval = TimeSpan.FromMinutes(5).TotalMilliseconds;
                openLatencies.Sort();
                return new JsonObject
                {
                    ["mode"] = "no events, full sweep every 00:05:00 (the previous default)",
                    ["sweepMs"] = sweepMs,
                    ["portOpenToApi"] = new JsonObject
                    {
                        ["p50Ms"] = Math.Round(0.50 * interval + sweepMs),
                        ["p95Ms"] = Math.Round(0.95 * interval + sweepMs),
                        ["observed"] = Figures(openLatencies),
                    },
                    ["armRequestsPerSweep"] = perSweep,
                    ["armRequestsInAQuietMinute"] = Math.Round(perSweep / 5.0, 1),
                };
            }

            var sweepsBefore = host.Services.GetRequiredService<EstateRefreshCoordinator>().Status.LastSweepAt;
            var remediateRg = suitable.Skip(changes).GroupBy(m => (m.SubscriptionId, m.ResourceGroup)).OrderByDescending(g => g.Count()).FirstOrDefault()
                ?? throw new InvalidOperationException($"Only {suitable.Count} suitable VMs (a NIC NSG with nothing at priority 110 or before, a public IP): fewer changes, or a larger estate.");
            var remediateSet = remediateRg.Take(remediations).ToList();
            Console.Error.WriteLine($"{DateTime.UtcNow:T} {suitable.Count} suitable; {openSet.Count} VMs opened, {remediateSet.Count} to remediate in {remediateRg.Key.ResourceGroup}");

            // (2) With an Apply rule on the resource group: PUT → JIT back (the API shows the VM Configured).
            var rules = host.Services.GetRequiredService<AutomationRuleService>();
            var created = await rules.CreateAsync(new AutomationRuleInput("Live protect", true,
                new AutomationScopeInput([remediateRg.Key.SubscriptionId], [remediateRg.Key.ResourceGroup], null),
                new AutomationExclusionsInput(new() { ["jit-exempt"] = "true" }, null), null, "Apply",
                new AutomationTriggersInput(Exposure: true, Assessment: false, Webhook: false), 1000), "benchmark");
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.SelectMany(e => e.Value)));
            var remediationLatencies = new List<double>();
            foreach (var m in remediateSet)
            {
                var clock = Stopwatch.StartNew();
                await OpenAsync(arm, m, 3389, "bench-live-rdp");
                await Eventually.WaitAsync(() => Facts(estate, m).JitStatus == JitStatus.Configured, TimeSpan.FromSeconds(120), $"JIT back on {m.Name}", TimeSpan.FromMilliseconds(10));
                remediationLatencies.Add(clock.ElapsedMilliseconds);
                if ((await PortAsync(api, m, 3389)).JitStatus != "Configured") throw new InvalidOperationException($"The API does not show {m.Name} Configured.");
            }

            // (3) A quiet minute: the app's ARM requests (the simulator's log), nothing changing. It starts once the
            // changes above have settled (no resource pending, no event for 10 s), so their tail is not counted.
            var coordinator = host.Services.GetRequiredService<EstateRefreshCoordinator>();
            await Eventually.WaitAsync(() => coordinator.Status is { PendingResources: 0 } st
                    && (st.LastEventAt is null || DateTimeOffset.UtcNow - st.LastEventAt > TimeSpan.FromSeconds(10)),
                TimeSpan.FromMinutes(5), "the changes to settle", TimeSpan.FromMilliseconds(500));
            simulator.RequestLog.Clear();
            var quiet = Stopwatch.StartNew();
            await Eventually.WaitAsync(() => quiet.Elapsed >= TimeSpan.FromSeconds(quietSeconds), TimeSpan.FromSeconds(quietSeconds + 30), "a quiet minute", TimeSpan.FromSeconds(1));
            var quietLog = simulator.RequestLog.Snapshot();
            var quietRequests = quietLog.Count;
            // What they were: method and the path's last resource type (ids stripped).
            var quietKinds = new JsonObject();
            foreach (var g in quietLog.GroupBy(r => r.Method + " " + string.Join('/', r.Path.Split('/').Where((_, i) => i % 2 == 1).TakeLast(2))).OrderByDescending(g => g.Count()).Take(8))
                quietKinds[g.Key] = g.Count();

            openLatencies.Sort();
            remediationLatencies.Sort();
            return new JsonObject
            {
                ["vms"] = vms,
                ["subscriptions"] = subscriptions,
                ["firstSweepMs"] = loadedMs,
                ["portOpenToApi"] = Figures(openLatencies),
                ["portOpenToJitBack"] = Figures(remediationLatencies),
                ["fullSweepsDuringChanges"] = host.Services.GetRequiredService<EstateRefreshCoordinator>().Status.LastSweepAt == sweepsBefore ? 0 : 1,
                ["armRequestsInAQuietMinute"] = quietRequests,
                ["quietMinuteRequests"] = quietKinds,
                ["quietSeconds"] = quietSeconds,
                ["eventsDelivered"] = simulator.EventGrid.Subscriptions.Sum(s => s.Delivered),
            };
        }
        finally
        {
            // The host deletes its data directory.
            await host.DisposeAsync();
        }
    }

    /// <summary>No custom inbound rule of the VM's NIC NSG at priority 110 or before: the new allow rule decides.</summary>
    private static bool FreeAhead(JitDashboard.Platform.Estate.Live.IEstateUpdater updater, EstateMachine m) =>
        updater.InventoryOf(m.SubscriptionId)?.NetworkSecurityGroups
            .FirstOrDefault(n => string.Equals(n.Id, m.Facts.Nics[0].NicNsgId, StringComparison.OrdinalIgnoreCase)) is { } nsg
        && nsg.Properties.SecurityRules.All(r => r.Properties.Priority > 110 || !string.Equals(r.Properties.Direction, "Inbound", StringComparison.OrdinalIgnoreCase));

    private static MachineFacts Facts(IEstateService estate, EstateMachine m) =>
        estate.Snapshot.Machines.First(x => string.Equals(x.Id, m.Id, StringComparison.OrdinalIgnoreCase)).Facts;

    private static JsonObject Figures(List<double> sorted) => new()
    {
        ["count"] = sorted.Count,
        ["p50Ms"] = Percentile(sorted, 0.50),
        ["p95Ms"] = Percentile(sorted, 0.95),
        ["maxMs"] = sorted.Count == 0 ? null : sorted[^1],
    };

    private static async Task OpenAsync(HttpClient arm, EstateMachine m, int port, string name)
    {
        var nic = m.Facts.Nics[0];
        var body = new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["protocol"] = "*", ["sourcePortRange"] = "*", ["destinationPortRange"] = port.ToString(CultureInfo.InvariantCulture),
                ["sourceAddressPrefix"] = "*", ["destinationAddressPrefix"] = nic.PrivateIpAddress,
                ["access"] = "Allow", ["priority"] = port == 22 ? 101 : 102, ["direction"] = "Inbound",
            },
        };
        using var put = await arm.PutAsJsonAsync($"{nic.NicNsgId!.TrimStart('/')}/securityRules/{name}?api-version={NetworkApi}", body);
        if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT rule on {nic.NicNsgId}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    private static async Task<(string? Exposure, string? JitStatus)> PortAsync(HttpClient api, EstateMachine m, int port)
    {
        var p = m.Id.Trim('/').Split('/');
        var item = await api.GetFromJsonAsync<JsonObject>($"api/v1/machines/{p[1]}/{p[3]}/{p[7]}");
        var decision = item!["ports"]!.AsArray().FirstOrDefault(x => (int)x!["port"]! == port);
        return ((string?)decision?["exposure"], (string?)item["jitStatus"]);
    }

    private static async Task<string> TokenAsync(RemediationLatencyScenario.AppHost host, string? audience)
    {
        using var simulator = host.CreateSimulatorClient();
        using var issued = await simulator.PostAsJsonAsync("/_simulator/identity/token", audience is null
            ? new JsonObject { ["user"] = "carol@contoso.test" }
            : new JsonObject { ["user"] = "carol@contoso.test", ["audience"] = audience });
        issued.EnsureSuccessStatusCode();
        return (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
