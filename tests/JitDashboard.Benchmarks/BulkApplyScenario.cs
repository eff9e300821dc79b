using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Simulator;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 5's benchmark: the planner and policy writer (one GET-merge-PUT per policy, bounded concurrency) against
/// the usual Logic App remediation (per VM: GET the VM, PUT a policy holding only that VM), each on its own fresh
/// simulator with ARM's write bucket (200, +10/s per subscription).
/// </summary>
internal static class BulkApplyScenario
{
    public static async Task<JsonObject> RunAsync(BenchmarkSettings settings)
    {
        // exposed=F: that share of each resource group is exposed and not in JIT; the rest has no public IP, and
        // some of it already sits in the groups' default policies (which both runs must keep).
        var generate = string.Create(CultureInfo.InvariantCulture,
            $"vms={settings.Vms},subscriptions={settings.Subscriptions},resourceGroups={settings.ResourceGroups},exposed={settings.ExposedPercent / 100.0},seed=1");
        var result = new JsonObject
        {
            ["scenario"] = "bulk-apply",
            ["vms"] = settings.Vms,
            ["subscriptions"] = settings.Subscriptions,
            ["generator"] = generate,
            ["simulatorLatencyMs"] = settings.LatencyMilliseconds,
            ["writeBucket"] = "200, +10/s per subscription",
            ["concurrency"] = settings.Concurrency,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };

        List<string> selectedIds;
        List<string> alreadyInPolicies;
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
            alreadyInPolicies = [.. machines.Where(m => m.Facts.JitStatus == JitStatus.Configured).Select(m => m.Id)];
            result["vmsAlreadyInPolicies"] = alreadyInPolicies.Count;
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
                ["vmsAlreadyInPoliciesKept"] = await CountInPoliciesAsync(app.Security, plan.Policies.Select(p => p.Key), alreadyInPolicies),
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
            var keys = new HashSet<Platform.Arm.JitPolicyId>();
            foreach (var id in selectedIds)
            {
                try
                {
                    // The Logic App: read the VM, then PUT the resource group's policy with that VM alone.
                    var vm = await app.Compute.GetVirtualMachineAsync(id) ?? throw new InvalidOperationException($"VM {id} not found");
                    var key = new Platform.Arm.JitPolicyId(vm.SubscriptionId, vm.ResourceGroup, vm.Location);
                    keys.Add(key);
                    await security.CreateOrUpdateJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name,
                        new JitNetworkAccessPolicy { Kind = "Basic", Properties = new JitNetworkAccessPolicyProperties { VirtualMachines = [new JitVirtualMachine { Id = vm.Id, Ports = ports }] } });
                    written++;
                }
                catch (JitDashboard.Platform.Arm.ArmRequestException)
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
                ["vmsAlreadyInPoliciesKept"] = await CountInPoliciesAsync(security, keys, alreadyInPolicies),
            };
        }

        result["dashboard"] = dashboard;
        result["logicAppBaseline"] = baseline;
        result["speedUp"] = Math.Round((double)baseline["wallMs"]! / Math.Max(1, (double)dashboard["wallMs"]!), 1);
        return result;
    }

    private static async Task<int> CountInPoliciesAsync(SecurityClient security, IEnumerable<Platform.Arm.JitPolicyId> keys, IReadOnlyCollection<string> ids)
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
