using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Simulator;
using Polly;
using Polly.Retry;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 18's <c>bulk-apply</c>: the app's real bulk path (<see cref="BulkApplyAppSide"/>) against Microsoft's
/// Enable-ASCJITVM Logic App pattern as a Logic App for-each runs it (20 iterations at once): per VM, GET the VM and
/// PUT its resource group's <c>default</c> policy with that VM alone (which clobbers the policy's other VMs). Each
/// side gets its own fresh simulator with the same generated estate, 20 ms on every answer and ARM's throttling as
/// the simulator models it (reads 250 +25/s, writes 200 +10/s per subscription).
/// </summary>
internal static class BulkApplyScenario
{
    public static async Task<JsonObject> RunAsync(BenchmarkSettings settings)
    {
        // exposed=F: that share of each resource group is exposed and not in JIT; the rest has no public IP, and
        // some of it already sits in the groups' default policies (which the app keeps and the baseline clobbers).
        var generate = string.Create(CultureInfo.InvariantCulture,
            $"vms={settings.Vms},subscriptions={settings.Subscriptions},resourceGroups={settings.ResourceGroups},exposed={settings.ExposedPercent / 100.0},seed=1");
        var result = new JsonObject
        {
            ["scenario"] = "bulk-apply",
            ["vms"] = settings.Vms,
            ["subscriptions"] = settings.Subscriptions,
            ["generator"] = generate,
            ["simulatorLatencyMs"] = settings.LatencyMilliseconds,
            ["throttling"] = "reads 250 +25/s, writes 200 +10/s per subscription (the simulator's defaults)",
            ["baselineConcurrency"] = settings.Concurrency,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };

        var (dashboard, selection) = await BulkApplyAppSide.RunAsync(settings, generate);
        result["resourceGroups"] = selection.ResourceGroups;
        result["selection"] = settings.ExposedOnly ? "exposed, not configured" : "supported, not configured";
        result["selectedVms"] = selection.Selected.Count;
        result["vmsAlreadyInPolicies"] = selection.AlreadyInPolicies.Count;

        var baseline = await RunLogicAppAsync(settings, generate, selection);
        result["dashboard"] = dashboard;
        result["logicAppBaseline"] = baseline;
        result["speedUp"] = Ratio(baseline["wallMs"], dashboard["wallMs"]);
        result["speedUpUntilMachinesShowJit"] = Ratio(baseline["wallMs"], dashboard["wallMsUntilMachinesShowJit"]);
        return result;
    }

    private static double? Ratio(JsonNode? baseline, JsonNode? app) =>
        baseline is null || app is null ? null : Math.Round((double)baseline / Math.Max(1, (double)app), 1);

    private static async Task<JsonObject> RunLogicAppAsync(BenchmarkSettings settings, string generate, BulkApplyAppSide.Selection selection)
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = generate, LatencyMilliseconds = settings.LatencyMilliseconds });
        // The Logic App retries as its Default policy does, not as the app's pipeline: no pipeline retries here.
        var app = BenchmarkApp.Create(simulator, maxRetries: 0);
        var security = app.Security;
        var retry = LogicAppDefaultRetry();
        var ports = Features.Policies.PolicyTemplateDefaults.DefenderPorts().Select(p => p.ToRule()).ToList();
        // The client's first call pays for its token and connection; the Logic App's are warm too.
        await app.Compute.GetVirtualMachineAsync(selection.Selected[0]);
        simulator.Throttler.Reset();
        simulator.RequestLog.Clear();
        var written = 0;
        var failed = 0;
        var keys = new ConcurrentDictionary<JitPolicyId, byte>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(selection.Selected, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (id, ct) =>
        {
            try
            {
                // Enable-ASCJITVM: read the VM, then PUT the resource group's default policy with that VM alone.
                var vm = await retry.ExecuteAsync(async t => await app.Compute.GetVirtualMachineAsync(id, cancellationToken: t), ct)
                    ?? throw new InvalidOperationException($"VM {id} not found");
                var key = new JitPolicyId(vm.SubscriptionId, vm.ResourceGroup, vm.Location);
                keys.TryAdd(key, 0);
                await retry.ExecuteAsync(async t => await security.CreateOrUpdateJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name,
                    new JitNetworkAccessPolicy { Kind = "Basic", Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = [new JitVirtualMachine { Id = vm.Id, Ports = ports }] } }, t), ct);
                Interlocked.Increment(ref written);
            }
            catch (ArmRequestException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var wall = watch.Elapsed.TotalMilliseconds;
        var log = simulator.RequestLog.Snapshot();
        return new JsonObject
        {
            ["path"] = $"Parallel.ForEachAsync (MaxDegreeOfParallelism {settings.Concurrency}): GET VM, PUT RG default policy with that VM",
            ["retryPolicy"] = "Logic Apps' Default: up to 4 retries on 408/429/5xx, exponential intervals scaled by 7.5 s, randomised, between 5 and 45 s",
            ["wallMs"] = Math.Round(wall, 1),
            ["policiesTouched"] = keys.Count,
            ["armWrites"] = log.Count(r => r.Method is "PUT" or "DELETE"),
            ["armReads"] = log.Count(r => r.Method == "GET"),
            ["throttled429"] = log.Count(r => r.Status == 429),
            ["vmsApplied"] = written,
            ["vmsFailed"] = failed,
            // Each PUT replaced the policy's whole VM list: only the last VM written per policy is left.
            ["vmsInPolicyAfterwards"] = await CountInPoliciesAsync(security, keys.Keys, selection.Selected),
            ["vmsAlreadyInPoliciesKept"] = await CountInPoliciesAsync(security, keys.Keys, selection.AlreadyInPolicies),
        };
    }

    /// <summary>
    /// A Logic App action's Default retry policy (learn.microsoft.com/azure/logic-apps/logic-apps-exception-handling):
    /// up to 4 retries on 408, 429 and 5xx at exponentially increasing, randomised intervals scaled by 7.5 s and held
    /// between 5 and 45 s. It does not wait for ARM's Retry-After.
    /// </summary>
    private static ResiliencePipeline LogicAppDefaultRetry() => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 4,
            ShouldHandle = new PredicateBuilder().Handle<ArmRequestException>(e => e.Status is 408 or 429 or >= 500),
            DelayGenerator = args =>
            {
                var scaled = 7.5 * Math.Pow(2, args.AttemptNumber) * (0.8 + (0.4 * Random.Shared.NextDouble()));
                return ValueTask.FromResult<TimeSpan?>(TimeSpan.FromSeconds(Math.Clamp(scaled, 5, 45)));
            },
        })
        .Build();

    internal static async Task<int> CountInPoliciesAsync(SecurityClient security, IEnumerable<JitPolicyId> keys, IReadOnlyCollection<string> ids)
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
