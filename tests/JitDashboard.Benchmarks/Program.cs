using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Benchmarks;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Benchmark runner: prints one JSON document of figures per scenario. Speed and memory are measured here,
// never asserted by timed tests.
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- inventory [--vms N] [--subscriptions S]
//       [--latency MS] [--page-size N] [--runs N]
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- list-vms ...
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- bulk-apply [--vms 2000] [--subscriptions 2] [--resource-groups 100]
//       [--exposed-percent 80] [--latency 20] [--concurrency 20 (the Logic App baseline's)] [--policy-concurrency N (the app's Policies:MaxConcurrency and MaxConcurrencyPerSubscription; 0: its defaults)]
//       [--exposed-only 0|1]   (0, the default: every supported VM not yet in a policy; 1: only the exposed ones)
//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- posture [--vms 10000] [--subscriptions 10] [--runs 20]
if (args.Length > 0 && args[0] == "posture")
{
    Console.WriteLine(PostureScenario.Run(args).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

//   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- approval-latency [--requests 200] [--latency MS]
if (args.Length > 0 && args[0] == "approval-latency")
{
    Console.WriteLine((await ApprovalLatencyScenario.RunAsync(args)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

// Issue 9: load on the running app (its own process, loopback only).
//   api-load [--vms 10000] [--clients 8] [--requests 400] [--seconds 60];  ui-circuits [--vms 10000] [--circuits 10]
if (args.Length > 0 && args[0] is "api-load" or "ui-circuits")
{
    var production = args[0] == "api-load" ? await ApiLoadScenario.RunAsync(args) : await UiCircuitsScenario.RunAsync(args);
    Console.WriteLine(production.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

//   inventory-process [--vms 20000] [--subscriptions 40] [--interactions 50] [--latency 0] [--concurrency N] [--browser 1]
//   (issue 18: simulator and app each in their own process; refresh time, ARM requests, the app's memory, grid latency)
if (args.Length > 0 && args[0] == "inventory-process")
{
    Console.WriteLine((await InventoryProcessScenario.RunAsync(args)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

//   live-changes [--vms 1000,20000] [--changes 20] [--remediations 10] [--quiet-seconds 60] [--baseline-changes 1]  (issue 16; baseline: no events, sweep every 5 min)
if (args.Length > 0 && args[0] == "live-changes")
{
    Console.WriteLine((await LiveChangesScenario.RunAsync(args[1..])).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

//   two-instances [--vms 1000,20000] [--changes 20]  (issue 18: two instances on one PostgreSQL; needs the PostgreSQL server binaries, as the tests)
if (args.Length > 0 && args[0] == "two-instances")
{
    Console.WriteLine((await TwoInstancesScenario.RunAsync(args[1..])).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}

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
    Console.Error.WriteLine("usage: (inventory|list-vms|bulk-apply) [--vms N] [--subscriptions S] [--latency MS] [--page-size N] [--runs N] [--concurrency N] [--resource-groups G] [--exposed-percent P]");
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
    internal sealed record BenchmarkSettings(string Scenario, int Vms, int Subscriptions, int LatencyMilliseconds, int PageSize, int Runs, int Concurrency = 4, bool ExposedOnly = true, int ResourceGroups = 100, int ExposedPercent = 80, int PolicyConcurrency = 0)
    {
        public static BenchmarkSettings? Parse(string[] args)
        {
            if (args.Length == 0 || args[0] is not ("inventory" or "list-vms" or "bulk-apply")) return null;
            // bulk-apply's defaults are issue 18's: every supported Not configured VM of 2,000 in 2 subscriptions, the
            // Logic App baseline at a for-each's 20 iterations at once.
            var bulk = args[0] == "bulk-apply";
            var values = new Dictionary<string, int> { ["--vms"] = bulk ? 2_000 : 10_000, ["--subscriptions"] = bulk ? 2 : 20, ["--latency"] = 20, ["--page-size"] = 1000, ["--runs"] = 3, ["--concurrency"] = bulk ? 20 : 4, ["--exposed-only"] = bulk ? 0 : 1, ["--resource-groups"] = 100, ["--exposed-percent"] = 80, ["--policy-concurrency"] = 0 };
            for (var i = 1; i < args.Length; i += 2)
            {
                if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
                values[args[i]] = value;
            }
            return new(args[0], values["--vms"], values["--subscriptions"], values["--latency"], values["--page-size"], Math.Max(1, values["--runs"]), Math.Max(1, values["--concurrency"]), values["--exposed-only"] != 0, values["--resource-groups"], Math.Clamp(values["--exposed-percent"], 0, 100), Math.Max(0, values["--policy-concurrency"]));
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

        /// <param name="maxRetries">The ARM pipeline's own retries (the app's: 5, honouring Retry-After); 0 when the caller retries as it does.</param>
        public static BenchmarkApp Create(SimulatorHost simulator, int maxRetries = 5)
        {
            var options = Options.Create(new ArmOptions { MaxRetries = maxRetries });
            var connection = new ResolvedArmConnection(simulator.BaseUri, "https://management.azure.com/", simulator.Certificate);
            var armClient = JitDashboard.Platform.Arm.ArmExtensions.CreateArmClient(connection, BenchmarkCredential.Create(simulator), options.Value);
            var provider = ArmClientProvider.FromClient(armClient);
            var rest = new ArmRestClient(provider);
            var compute = new ComputeClient(provider);
            var source = new ArmInventorySource(compute, new ClassicComputeClient(rest, options), new NetworkClient(rest, options), new SecurityClient(rest, options), TimeProvider.System);
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
        public static TokenCredential Create(SimulatorHost simulator) => JitDashboard.DevHost.SimulatorCredential.Create(simulator.BaseUri, simulator.Certificate);
    }
}
