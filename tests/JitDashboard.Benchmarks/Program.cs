using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using JitDashboard.Azure;
using JitDashboard.Azure.Models;
using JitDashboard.Benchmarks;
using JitDashboard.Configuration;
using JitDashboard.Features.Estate;
using JitDashboard.Features.Estate.Inventory;
using JitDashboard.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Benchmark runner: prints one JSON document of figures per scenario. Speed and memory are measured here,
// never asserted by timed tests.
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- inventory [--vms N] [--subscriptions S]
//       [--latency MS] [--page-size N] [--runs N]
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- list-vms ...
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- bulk-apply [--vms 2000] [--subscriptions 10] [--latency 20] [--concurrency 4]
//       [--exposed-only 1|0]   (0: every supported VM not yet in a policy, not only the exposed ones)
if (args.Length > 0 && args[0] == "remediation-latency")
{
    // Issue 7: [--vms 50] [--estate-vms 300] [--mode both|default|webhook]; see RemediationLatencyScenario.cs.
    var latency = await RemediationLatencyScenario.RunAsync(args[1..]);
    Console.WriteLine(latency.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

var settings = BenchmarkSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine("usage: (inventory|list-vms|bulk-apply) [--vms N] [--subscriptions S] [--latency MS] [--page-size N] [--runs N] [--concurrency N]");
    return 2;
}

if (settings.Scenario == "bulk-apply")
{
    var bulk = await BulkApplyScenario.RunAsync(settings);
    Console.WriteLine(bulk.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
{
    Generate = $"vms={settings.Vms},subscriptions={settings.Subscriptions},seed=1",
    PageSize = settings.PageSize,
    LatencyMilliseconds = settings.LatencyMilliseconds,
});
var app = BenchmarkApp.Create(simulator);
var result = new JsonObject
{
    ["scenario"] = settings.Scenario,
    ["vms"] = settings.Vms,
    ["subscriptions"] = settings.Subscriptions,
    ["simulatorLatencyMs"] = settings.LatencyMilliseconds,
    ["pageSize"] = settings.PageSize,
    ["runs"] = settings.Runs,
    ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
};

if (settings.Scenario == "list-vms")
{
    // What issue 2 reports: subscriptions, then every VM of every subscription through the Compute SDK.
    var times = new List<double>();
    var requests = 0;
    var listed = 0;
    for (var run = 0; run < settings.Runs; run++)
    {
        simulator.RequestLog.Clear();
        var watch = Stopwatch.StartNew();
        listed = 0;
        await foreach (var subscription in app.Subscriptions.ListAsync())
        {
            await foreach (var _ in app.Compute.ListVirtualMachinesAsync(subscription.SubscriptionId))
            {
                listed++;
            }
        }
        times.Add(watch.Elapsed.TotalMilliseconds);
        requests = simulator.RequestLog.Snapshot().Count;
    }
    result["vmsListed"] = listed;
    result["armRequests"] = requests;
    result["wallMs"] = Stats(times);
}
else
{
    var times = new List<double>();
    var requests = 0;
    // Every refreshed estate stays alive, so the heap's growth over one warm refresh is exactly one snapshot
    // (the first refresh also makes the in-process simulator materialise its estate, so it is not measured).
    var alive = new List<EstateService>();
    long heapBefore = 0, heapAfter = 0;
    for (var run = 0; run < settings.Runs; run++)
    {
        // Only the last run records what it read, for the evaluation timing below.
        app.Recorder.Inventories.Clear();
        app.Recorder.Enabled = run == settings.Runs - 1;
        var before = run == 1 ? Heap() : 0;
        var estate = app.CreateEstate();
        simulator.RequestLog.Clear();
        var watch = Stopwatch.StartNew();
        await estate.RefreshAsync();
        times.Add(watch.Elapsed.TotalMilliseconds);
        requests = simulator.RequestLog.Snapshot().Count;
        if (estate.Snapshot.Error is { } error) throw new InvalidOperationException(error);
        alive.Add(estate);
        if (run == 1)
        {
            heapBefore = before;
            heapAfter = Heap();
        }
        result["machines"] = estate.Snapshot.Machines.Count;
        result["exposedMachines"] = estate.Snapshot.Machines.Count(m => m.Facts.Exposed);
    }
    GC.KeepAlive(alive);

    // Exposure and JIT evaluation alone, over inventories already read.
    var inventories = app.Recorder.Inventories.Values.ToList();
    var ports = new EstateOptions().EffectivePorts;
    var evaluation = new List<double>();
    for (var run = 0; run < Math.Max(settings.Runs, 5); run++)
    {
        var watch = Stopwatch.StartNew();
        var evaluated = inventories.Sum(i => InventoryEvaluator.Evaluate(i, ports).Machines.Count);
        evaluation.Add(watch.Elapsed.TotalMilliseconds);
        if (evaluated != settings.Vms) throw new InvalidOperationException($"evaluated {evaluated} of {settings.Vms}");
    }

    result["armRequests"] = requests;
    result["refreshWallMs"] = Stats(times);
    result["evaluateAllMs"] = Stats(evaluation);
    result["heapBeforeRefreshMb"] = Mb(heapBefore);
    result["heapAfterRefreshMb"] = Mb(heapAfter);
    result["snapshotMb"] = Mb(heapAfter - heapBefore);
    result["processWorkingSetMb"] = Mb(Environment.WorkingSet);
}

Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return 0;

static long Heap()
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return GC.GetTotalMemory(forceFullCollection: true);
}

static double Mb(long bytes) => Math.Round(bytes / 1024d / 1024d, 1);

static JsonObject Stats(List<double> values)
{
    var sorted = values.Order().ToList();
    return new JsonObject
    {
        ["min"] = Math.Round(sorted[0], 1),
        ["median"] = Math.Round(sorted[sorted.Count / 2], 1),
        ["max"] = Math.Round(sorted[^1], 1),
    };
}

namespace JitDashboard.Benchmarks
{
    internal sealed record BenchmarkSettings(string Scenario, int Vms, int Subscriptions, int LatencyMilliseconds, int PageSize, int Runs, int Concurrency = 4, bool ExposedOnly = true)
    {
        public static BenchmarkSettings? Parse(string[] args)
        {
            if (args.Length == 0 || args[0] is not ("inventory" or "list-vms" or "bulk-apply")) return null;
            // bulk-apply's defaults are the issue's: 2,000 VMs over 10 subscriptions.
            var bulk = args[0] == "bulk-apply";
            var values = new Dictionary<string, int> { ["--vms"] = bulk ? 2_000 : 10_000, ["--subscriptions"] = bulk ? 10 : 20, ["--latency"] = 20, ["--page-size"] = 1000, ["--runs"] = 3, ["--concurrency"] = 4, ["--exposed-only"] = 1 };
            for (var i = 1; i < args.Length; i += 2)
            {
                if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
                values[args[i]] = value;
            }
            return new(args[0], values["--vms"], values["--subscriptions"], values["--latency"], values["--page-size"], Math.Max(1, values["--runs"]), Math.Max(1, values["--concurrency"]), values["--exposed-only"] != 0);
        }
    }

    /// <summary>The app's ARM clients and estate service, wired as the app wires them, against one simulator.</summary>
    internal sealed class BenchmarkApp
    {
        private readonly ArmRestClient _rest;
        private readonly IOptions<ArmOptions> _options;

        private BenchmarkApp(ArmRestClient rest, IOptions<ArmOptions> options, ISubscriptionsClient subscriptions, IComputeClient compute, RecordingSource recorder)
        {
            _rest = rest;
            _options = options;
            Subscriptions = subscriptions;
            Compute = compute;
            Recorder = recorder;
        }

        public ISubscriptionsClient Subscriptions { get; }

        public IComputeClient Compute { get; }

        public RecordingSource Recorder { get; }

        public SecurityClient Security => new(_rest, _options);

        public static BenchmarkApp Create(SimulatorHost simulator)
        {
            var options = Options.Create(new ArmOptions());
            var connection = new ResolvedArmConnection(simulator.BaseUri, "https://management.azure.com/", simulator.Certificate, simulator.BaseUri);
            var armClient = Hosting.ArmExtensions.CreateArmClient(connection, BenchmarkCredential.Create(simulator), options.Value);
            var provider = ArmClientProvider.FromClient(armClient);
            var rest = new ArmRestClient(provider);
            var compute = new ComputeClient(provider);
            var source = new ArmInventorySource(compute, new ClassicComputeClient(rest, options), new NetworkClient(rest, options), new SecurityClient(rest, options));
            return new BenchmarkApp(rest, options, new SubscriptionsClient(provider), compute, new RecordingSource(source));
        }

        public EstateService CreateEstate() => new(Subscriptions, Recorder, _options, Options.Create(new EstateOptions()), TimeProvider.System, NullLogger<EstateService>.Instance);
    }

    /// <summary>Keeps what the last refresh read, so that evaluation can be timed on its own.</summary>
    internal sealed class RecordingSource(IInventorySource inner) : IInventorySource
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, SubscriptionInventory> Inventories { get; } = new();

        public bool Enabled { get; set; }

        public async Task<SubscriptionInventory> LoadAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
        {
            var inventory = await inner.LoadAsync(subscription, cancellationToken);
            if (Enabled) Inventories[subscription.SubscriptionId] = inventory;
            return inventory;
        }
    }

    internal static class BenchmarkCredential
    {
        public static TokenCredential Create(SimulatorHost simulator) => SimulatorCredential.Create(simulator.BaseUri, simulator.Certificate);
    }

    /// <summary>
    /// Issue 5's benchmark: the planner and policy writer (one GET-merge-PUT per policy, bounded concurrency) against
    /// the usual Logic App remediation (per VM: GET the VM, PUT a policy holding only that VM), each on its own fresh
    /// simulator with ARM's write bucket (200, +10/s per subscription).
    /// </summary>
    internal static class BulkApplyScenario
    {
        public static async Task<JsonObject> RunAsync(BenchmarkSettings settings)
        {
            var generate = $"vms={settings.Vms},subscriptions={settings.Subscriptions},seed=1";
            var result = new JsonObject
            {
                ["scenario"] = "bulk-apply",
                ["vms"] = settings.Vms,
                ["subscriptions"] = settings.Subscriptions,
                ["simulatorLatencyMs"] = settings.LatencyMilliseconds,
                ["writeBucket"] = "200, +10/s per subscription",
                ["concurrency"] = settings.Concurrency,
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            };

            List<string> selectedIds;
            JsonObject dashboard;
            await using (var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = generate, PageSize = 1000, LatencyMilliseconds = settings.LatencyMilliseconds }))
            {
                var app = BenchmarkApp.Create(simulator);
                var estate = app.CreateEstate();
                await estate.RefreshAsync();
                if (estate.Snapshot.Error is { } error) throw new InvalidOperationException(error);
                var machines = estate.Snapshot.Machines;
                result["resourceGroups"] = machines.Select(m => $"{m.SubscriptionId}/{m.ResourceGroup}".ToUpperInvariant()).Distinct().Count();
                // The generator exposes about one VM in eight; --exposed-only 0 takes every supported VM not yet in a policy.
                var selected = machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && (m.Facts.Exposed || !settings.ExposedOnly)).ToList();
                selectedIds = [.. selected.Select(m => m.Id)];
                result["selection"] = settings.ExposedOnly ? "exposed, not configured" : "supported, not configured";
                result["selectedVms"] = selectedIds.Count;

                var template = new Features.Policies.PolicyTemplate { Name = "Defender default", Ports = Features.Policies.PolicyTemplateDefaults.DefenderPorts() };
                simulator.RequestLog.Clear();
                var watch = Stopwatch.StartNew();
                var plan = Features.Policies.PolicyPlanner.PlanApply(selectedIds, Features.Policies.PolicyPlanner.Index(machines), template);
                var writer = new Features.Policies.PolicyWriter(app.Security, new Features.Policies.PolicyWriterOptions());
                var outcomes = new System.Collections.Concurrent.ConcurrentBag<Features.Policies.VmOutcome>();
                await Parallel.ForEachAsync(plan.Policies, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (change, ct) =>
                {
                    var written = await writer.ApplyAsync(change.Key, [.. change.Vms.Select(v => new JitVirtualMachine { Id = v.MachineId, Ports = v.Ports })], ct);
                    foreach (var vm in written.Vms) outcomes.Add(vm);
                });
                var wall = watch.Elapsed.TotalMilliseconds;
                var log = simulator.RequestLog.Snapshot();
                dashboard = new JsonObject
                {
                    ["wallMs"] = Math.Round(wall, 1),
                    ["policiesTouched"] = plan.Policies.Count,
                    ["armWrites"] = log.Count(r => r.Method is "PUT" or "DELETE"),
                    ["armReads"] = log.Count(r => r.Method == "GET"),
                    ["throttled429"] = log.Count(r => r.Status == 429),
                    ["vmsApplied"] = outcomes.Count(o => o.Succeeded),
                    ["vmsFailed"] = outcomes.Count(o => !o.Succeeded),
                    ["vmsSkipped"] = plan.Skipped.Count,
                    ["vmsInPolicyAfterwards"] = await CountInPoliciesAsync(app.Security, plan.Policies.Select(p => p.Key), selectedIds),
                };
            }

            JsonObject baseline;
            await using (var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = generate, PageSize = 1000, LatencyMilliseconds = settings.LatencyMilliseconds }))
            {
                var app = BenchmarkApp.Create(simulator);
                var security = app.Security;
                var ports = Features.Policies.PolicyTemplateDefaults.DefenderPorts().Select(p => p.ToRule()).ToList();
                simulator.RequestLog.Clear();
                var watch = Stopwatch.StartNew();
                var written = 0;
                var failed = 0;
                var keys = new HashSet<Features.Policies.PolicyKey>();
                foreach (var id in selectedIds)
                {
                    try
                    {
                        // The Logic App: read the VM, then PUT the resource group's policy with that VM alone.
                        var vm = await app.Compute.GetVirtualMachineAsync(id) ?? throw new InvalidOperationException($"VM {id} not found");
                        var key = new Features.Policies.PolicyKey(vm.SubscriptionId, vm.ResourceGroup, vm.Location);
                        keys.Add(key);
                        await security.CreateOrUpdateJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name,
                            new JitNetworkAccessPolicy { Kind = "Basic", Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = [new JitVirtualMachine { Id = vm.Id, Ports = ports }] } });
                        written++;
                    }
                    catch (global::Azure.RequestFailedException)
                    {
                        failed++;
                    }
                }
                var wall = watch.Elapsed.TotalMilliseconds;
                var log = simulator.RequestLog.Snapshot();
                baseline = new JsonObject
                {
                    ["wallMs"] = Math.Round(wall, 1),
                    ["policiesTouched"] = keys.Count,
                    ["armWrites"] = log.Count(r => r.Method is "PUT" or "DELETE"),
                    ["armReads"] = log.Count(r => r.Method == "GET"),
                    ["throttled429"] = log.Count(r => r.Status == 429),
                    ["vmsApplied"] = written,
                    ["vmsFailed"] = failed,
                    // Each PUT replaced the policy's whole VM array: only the last VM per policy is left.
                    ["vmsInPolicyAfterwards"] = await CountInPoliciesAsync(security, keys, selectedIds),
                };
            }

            result["dashboard"] = dashboard;
            result["logicAppBaseline"] = baseline;
            result["speedUp"] = Math.Round((double)baseline["wallMs"]! / Math.Max(1, (double)dashboard["wallMs"]!), 1);
            return result;
        }

        private static async Task<int> CountInPoliciesAsync(SecurityClient security, IEnumerable<Features.Policies.PolicyKey> keys, IReadOnlyCollection<string> ids)
        {
            var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            var count = 0;
            foreach (var key in keys.Distinct())
            {
                var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
                count += policy?.Properties.VirtualMachines.Count(v => wanted.Contains(v.Id)) ?? 0;
            }
            return count;
        }
    }
}
