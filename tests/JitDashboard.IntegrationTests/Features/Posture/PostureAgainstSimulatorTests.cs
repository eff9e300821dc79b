using JitDashboard.IntegrationTests.Features.Policies;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Features.Posture;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.State;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Posture;

/// <summary>
/// The posture API on the real app against the embedded simulator: its figures agree with the simulator's own
/// secure-score API and with the Machines API, and a what-if equals the score after the remediation is really done.
/// Expectations are computed from the simulator, never hard-coded (the demo estate grows).
/// </summary>
public sealed class PostureAgainstSimulatorTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-posture-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    // Every refresh records a trend point, so the test sees the trend fill.
    private Task<PoliciesHost> StartAsync() =>
        PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Posture:SnapshotInterval"] = "00:00:00" });

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
            list.Add(item);
        return list;
    }

    /// <summary>
    /// What the simulator's secure-score API says, combined as Defender combines subscriptions: maxima stay one
    /// environment's, the control is evaluated over every VM (8 × healthy / (healthy + unhealthy)), the score is the
    /// share of all points earned. Only the subscriptions the app counts (those whose Defender data it could read).
    /// </summary>
    private static async Task<(double Score, int Max, double Control, int ControlMax, int Healthy, int Unhealthy, int NotApplicable, double GainAll)> SimulatorScoresAsync(PoliciesHost host)
    {
        var security = host.Services.GetRequiredService<SecurityClient>();
        var snapshot = host.Services.GetRequiredService<IEstateService>().Snapshot;
        double score = 0, control = 0, controlMissing = 0;
        int max = 0, perMax = 0, controlMax = 0, healthy = 0, unhealthy = 0, na = 0;
        foreach (var subscription in snapshot.Subscriptions.Where(s => snapshot.Controls.ContainsKey(s.SubscriptionId)))
        {
            var ascScore = Assert.Single(await ToListAsync(security.ListSecureScoresAsync(subscription.SubscriptionId)));
            score += ascScore.Properties.Score.Current;
            max += ascScore.Properties.Score.Max;
            perMax = Math.Max(perMax, ascScore.Properties.Score.Max);
            var controls = await ToListAsync(security.ListSecureScoreControlsAsync(subscription.SubscriptionId, expandDefinition: true));
            // By the JIT assessment in its definition, as Defender identifies the control.
            var ports = Assert.Single(controls, c => c.Properties.Definition!.Properties.AssessmentDefinitions!.Any(d => d.Id.EndsWith(Assessments.JitKey, StringComparison.OrdinalIgnoreCase)));
            control += ports.Properties.Score.Current;
            controlMissing += ports.Properties.Score.Max - ports.Properties.Score.Current;
            controlMax = Math.Max(controlMax, ports.Properties.Score.Max);
            healthy += ports.Properties.HealthyResourceCount;
            unhealthy += ports.Properties.UnhealthyResourceCount;
            na += ports.Properties.NotApplicableResourceCount;
        }
        var combinedScore = max == 0 ? 0 : Math.Round(score / max * perMax, 2);
        var combinedControl = PostureCalculator.Points(controlMax, healthy, unhealthy);
        // Fixing everything lifts each subscription's control to its maximum; in the combined score that is the
        // missing points' share of all points.
        var gainAll = max == 0 ? 0 : Math.Round((score + controlMissing) / max * perMax, 2) - combinedScore;
        return (combinedScore, perMax, combinedControl, controlMax, healthy, unhealthy, na, Math.Round(gainAll, 2));
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient api, string path)
    {
        using var response = await api.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task AssertAgreesWithSimulatorAsync(PoliciesHost host, HttpClient api)
    {
        var posture = await GetJsonAsync(api, "api/v1/posture");
        var sim = await SimulatorScoresAsync(host);
        var score = posture.GetProperty("secureScore");
        Assert.Equal(sim.Score, score.GetProperty("current").GetDouble(), 2);
        Assert.Equal(sim.Max, score.GetProperty("max").GetInt32());
        Assert.Equal(Math.Round(sim.Score / sim.Max, 4), score.GetProperty("percentage").GetDouble(), 3);
        var ports = posture.GetProperty("managementPorts");
        Assert.Equal(sim.Control, ports.GetProperty("current").GetDouble(), 2);
        Assert.Equal(sim.ControlMax, ports.GetProperty("max").GetInt32());
        Assert.Equal(sim.Healthy, ports.GetProperty("healthy").GetInt32());
        Assert.Equal(sim.Unhealthy, ports.GetProperty("unhealthy").GetInt32());
        Assert.Equal(sim.NotApplicable, ports.GetProperty("notApplicable").GetInt32());

        // The same counts as the Machines API.
        var items = (await GetJsonAsync(api, "api/v1/machines")).GetProperty("items").EnumerateArray().ToList();
        var machines = posture.GetProperty("machines");
        Assert.Equal(items.Count, machines.GetProperty("total").GetInt32());
        Assert.Equal(items.Count(i => i.GetProperty("exposed").GetBoolean()), machines.GetProperty("exposed").GetInt32());
        Assert.Equal(items.Count(i => !i.GetProperty("exposed").GetBoolean() && i.GetProperty("ports").EnumerateArray().Any(p => p.GetProperty("exposure").GetString() == "Restricted")),
            machines.GetProperty("restricted").GetInt32());
        Assert.Equal(items.Count(i => i.GetProperty("jitStatus").GetString() == "Configured"), machines.GetProperty("jitConfigured").GetInt32());
        Assert.Equal(items.Count(i => i.GetProperty("jitStatus").GetString() == "NotConfigured"), machines.GetProperty("jitNotConfigured").GetInt32());
        Assert.Equal(items.Count(i => i.GetProperty("jitStatus").GetString() == "Unsupported"), machines.GetProperty("unsupported").GetInt32());
    }

    [Fact]
    public async Task Posture_HasTheIssuesShape_AndAgreesWithTheSimulatorAndTheMachinesApi()
    {
        await using var host = await StartAsync();
        await host.LoadedEstateAsync();
        using var api = await host.CreateApiClientAsync("dave@contoso.test");

        var posture = await GetJsonAsync(api, "api/v1/posture");

        Assert.Equal(["secureScore", "managementPorts", "machines", "potentialGain", "pendingApprovals", "activeGrants", "excludedSubscriptions"],
            posture.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["current", "max", "percentage"], posture.GetProperty("secureScore").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["current", "max", "healthy", "unhealthy", "notApplicable"], posture.GetProperty("managementPorts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["total", "exposed", "restricted", "jitConfigured", "jitNotConfigured", "unsupported"], posture.GetProperty("machines").EnumerateObject().Select(p => p.Name));
        var sim = await SimulatorScoresAsync(host);
        Assert.True(sim.Unhealthy > 0, "the demo estate should have VMs unhealthy in the control");
        // Fixing every unhealthy VM brings each subscription's control to its maximum.
        Assert.Equal(sim.GainAll, posture.GetProperty("potentialGain").GetDouble(), 1);
        await AssertAgreesWithSimulatorAsync(host, api);
    }

    [Fact]
    public async Task WhatIf_EqualsTheScoreTheSimulatorReportsAfterRemediation_AndTheTrendFills()
    {
        await using var host = await StartAsync();
        var snapshot = await host.LoadedEstateAsync();
        using var api = await host.CreateApiClientAsync("alice@contoso.test");
        var history = host.Services.GetRequiredService<IPostureHistory>();
        var pointsBefore = await WaitForPointsAsync(history, 1);

        var state = host.EmbeddedSimulator!.State;
        var selected = Remediable(snapshot, state).Take(3).ToList();
        Assert.True(selected.Count >= 2, "the demo estate should have exposed, unconfigured VMs with an NSG");

        // The prediction.
        using var predicted = await api.PostAsJsonAsync("api/v1/posture/what-if", new { machineIds = selected.Select(s => s.Machine.Id).ToArray() });
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var whatIf = await predicted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(selected.Count, whatIf.GetProperty("remediated").GetInt32());
        Assert.True(whatIf.GetProperty("gain").GetDouble() > 0);

        // The remediation, for real: JIT through the app, and the open ports closed through ARM.
        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(s => s.Machine.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value);
        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
        var network = host.Services.GetRequiredService<NetworkClient>();
        foreach (var (_, nsgId, rules) in selected)
        {
            foreach (var rule in rules)
                Assert.True(await network.DeleteSecurityRuleAsync(nsgId, rule));
        }
        // A load already in flight (the runner's, after the apply) may predate the deleted rules: ask for a later one.
        var estate = host.Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>();
        await estate.RefreshAfterChangeAsync();
        var after = estate.Snapshot;
        Assert.All(selected, s => Assert.False(after.Machines.Single(m => m.Id == s.Machine.Id).Facts.UnhealthyInControl, s.Machine.Name));

        var sim = await SimulatorScoresAsync(host);
        var predictedScore = whatIf.GetProperty("secureScore").GetProperty("after");
        var predictedControl = whatIf.GetProperty("managementPorts").GetProperty("after");
        Assert.Equal(sim.Score, predictedScore.GetProperty("current").GetDouble(), 2);
        Assert.Equal(Math.Round(sim.Score / sim.Max, 4), predictedScore.GetProperty("percentage").GetDouble(), 4);
        Assert.Equal(sim.Control, predictedControl.GetProperty("current").GetDouble(), 2);
        Assert.Equal(sim.Healthy, predictedControl.GetProperty("healthy").GetInt32());
        Assert.Equal(sim.Unhealthy, predictedControl.GetProperty("unhealthy").GetInt32());
        await AssertAgreesWithSimulatorAsync(host, api);

        // The trend took the new figures. Loads between the apply and the rule deletions record points of their own
        // (JIT applied, ports still open): wait for the point of the final state, not merely for a new one.
        var points = await WaitForPointsAsync(history, pointsBefore.Count + 1, p => Math.Abs(p.ControlCurrent - sim.Control) < 0.005);
        Assert.Equal(sim.Control, points[^1].ControlCurrent, 2);
        Assert.True(points[^1].Exposed < pointsBefore[0].Exposed);
        Assert.True(points[^1].JitConfigured > pointsBefore[0].JitConfigured);
        var body = await GetJsonAsync(api, "api/v1/posture/history?days=7");
        // Later loads (the live estate's own) may have recorded more points since: the API has at least these, and
        // its newest is the final state too.
        var served = body.GetProperty("points");
        Assert.True(served.GetArrayLength() >= points.Count, $"{served.GetArrayLength()} points served, {points.Count} recorded");
        Assert.Equal(sim.Control, served[served.GetArrayLength() - 1].GetProperty("managementPorts").GetProperty("current").GetDouble(), 2);
    }

    /// <summary>
    /// The recorder writes after the estate's event: wait on the history's <see cref="IPostureHistory.Recorded"/> until
    /// it holds at least that many points, the last one matching <paramref name="last"/> when given (60 s is a limit,
    /// not a timing assertion).
    /// </summary>
    private static async Task<IReadOnlyList<PostureSnapshot>> WaitForPointsAsync(IPostureHistory history, int count, Func<PostureSnapshot, bool>? last = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            // Subscribed before reading, so that a point stored in between is not missed.
            var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRecorded() => recorded.TrySetResult();
            history.Recorded += OnRecorded;
            try
            {
                var points = await history.ListAsync(1);
                if (points.Count >= count && (last is null || last(points[^1])))
                    return points;
                try
                {
                    await recorded.Task.WaitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"The posture history never held {count} points (it holds {points.Count}).");
                }
            }
            finally
            {
                history.Recorded -= OnRecorded;
            }
        }
    }

    /// <summary>
    /// Exposed, unconfigured VMs with one ip configuration behind a NIC NSG of their own: deleting that NSG's rules
    /// that let the Internet reach a management port closes the VM and touches no other VM.
    /// </summary>
    private static IEnumerable<(EstateMachine Machine, string NsgId, List<string> Rules)> Remediable(EstateSnapshot snapshot, SimulatorState state)
    {
        foreach (var m in snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.UnhealthyInControl && m.Facts.JitStatus == JitStatus.NotConfigured && m.Name.Length + 7 <= 56))
        {
            (string NsgId, List<string> Rules)? candidate;
            lock (state.Gate)
            {
                candidate = Candidate(state, m.SubscriptionId, m.Id);
            }
            if (candidate is { } c)
                yield return (m, c.NsgId, c.Rules);
        }
    }

    private static (string NsgId, List<string> Rules)? Candidate(SimulatorState state, string subscriptionId, string vmId)
    {
        if (state.Get(vmId) is not { } vm)
            return null;
        var paths = Exposure.Paths(state, vm);
        if (paths.Count != 1 || paths[0].NicNsg is not { } nsg)
            return null;
        var nsgId = (string)nsg["id"]!;
        var sharing = state.List(subscriptionId, ResourceTypes.VirtualMachines)
            .Count(key => Exposure.Paths(state, state.GetByKey(key)).Any(p => string.Equals((string?)p.NicNsg?["id"], nsgId, StringComparison.OrdinalIgnoreCase)));
        if (sharing != 1)
            return null;
        var rules = Nsg.Rules(nsg).OfType<System.Text.Json.Nodes.JsonObject>()
            .Where(r => string.Equals((string?)r["properties"]?["direction"], "Inbound", StringComparison.OrdinalIgnoreCase)
                && string.Equals((string?)r["properties"]?["access"], "Allow", StringComparison.OrdinalIgnoreCase)
                && Exposure.SourceIsInternet(r["properties"]!)
                && Exposure.ManagementPorts.Any(port => Exposure.Matches(r["properties"]!, port, "Tcp", paths[0].PrivateIp)))
            .Select(r => (string)r["name"]!)
            .ToList();
        return rules.Count == 0 ? null : (nsgId, rules);
    }
}
