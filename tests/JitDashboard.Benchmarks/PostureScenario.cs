using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Posture;

namespace JitDashboard.Benchmarks;

/// <summary>
/// <c>posture [--vms 10000] [--subscriptions 10] [--runs 20]</c>: the Overview's figures and an "all exposed" what-if
/// over an in-memory estate (a third of the VMs exposed), as the page recomputes them on every snapshot.
/// </summary>
internal static class PostureScenario
{
    public static JsonObject Run(string[] args)
    {
        int Arg(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
        }
        var vms = Arg("--vms", 10_000);
        var subscriptionCount = Math.Max(1, Arg("--subscriptions", 10));
        var runs = Math.Max(1, Arg("--runs", 20));

        var subscriptions = Enumerable.Range(0, subscriptionCount).Select(i => new SubscriptionInfo($"00000000-0000-0000-0000-{i:000000000000}", $"Sub {i}", "Enabled")).ToList();
        var machines = new List<EstateMachine>(vms);
        for (var i = 0; i < vms; i++)
        {
            var sub = subscriptions[i % subscriptionCount].SubscriptionId;
            var exposed = i % 3 == 0;
            var vm = new VirtualMachineInfo($"/subscriptions/{sub}/resourceGroups/rg-{i % 50}/providers/Microsoft.Compute/virtualMachines/vm-{i:00000}",
                $"vm-{i:00000}", sub, $"rg-{i % 50}", "westeurope", "Linux", "Standard_B2s", [], new Dictionary<string, string>(), null, "running");
            var state = exposed ? RecommendationState.Unhealthy : RecommendationState.Healthy;
            var facts = MachineFacts.Empty with
            {
                Ports = [new PortDecision(22, exposed ? PortExposure.Open : PortExposure.Closed, exposed ? ["*"] : [], [])],
                JitStatus = i % 5 == 0 ? JitStatus.Configured : i % 7 == 0 ? JitStatus.Unsupported : JitStatus.NotConfigured,
                JitRecommendation = state,
                ManagementPortsRecommendation = state,
                SecureScoreImpact = exposed ? 8.0 * subscriptionCount / vms : 0,
            };
            machines.Add(new EstateMachine(vm, "Sub", facts));
        }
        var perSub = vms / subscriptionCount;
        var snapshot = new EstateSnapshot(machines, subscriptions, DateTimeOffset.UtcNow, null, false)
        {
            Controls = subscriptions.ToDictionary(s => s.SubscriptionId, _ => new ManagementPortsControl(PostureCalculator.Points(8, perSub * 2 / 3, perSub / 3), 8, perSub * 2 / 3, perSub / 3, 0), StringComparer.OrdinalIgnoreCase),
            SecureScores = subscriptions.ToDictionary(s => s.SubscriptionId, _ => new ScoreDetails { Current = 20, Max = 28, Percentage = 0.7143 }, StringComparer.OrdinalIgnoreCase),
        };

        // Warm-up, then the median of the runs.
        PostureCalculator.Calculate(snapshot);
        var calculate = new List<double>();
        var whatIf = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            PostureCalculator.Calculate(snapshot);
            calculate.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            PostureCalculator.WhatIf(snapshot, PostureCalculator.AllExposed(snapshot.Machines));
            whatIf.Add(sw.Elapsed.TotalMilliseconds);
        }
        static double Median(List<double> values) => Math.Round(values.Order().ElementAt(values.Count / 2), 2);
        return new JsonObject
        {
            ["scenario"] = "posture",
            ["vms"] = vms,
            ["subscriptions"] = subscriptionCount,
            ["runs"] = runs,
            ["calculateMedianMs"] = Median(calculate),
            ["whatIfAllExposedMedianMs"] = Median(whatIf),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
    }
}
