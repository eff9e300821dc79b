using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.DevHost;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.Benchmarks;

/// <summary>
/// The dashboard's side of <c>bulk-apply</c>: the whole app (DevHost composition, embedded simulator, SQLite, the
/// runner as a background worker), asked over HTTP exactly as an API client or the UI's Apply button asks
/// (<c>POST /api/v1/jit/apply</c> → <see cref="JitOperationService.StartAsync(JitOperationKind, IReadOnlyList{string}, Guid?, string, bool, CancellationToken)"/>).
/// Timed from the request until the operation is finished with every VM reported (the UI's
/// <see cref="IJitOperationService.OperationChanged"/>), and until the estate shows every VM in JIT (what someone
/// watching the Machines page waits for). The app's own activities give the per-phase profile.
/// </summary>
internal static class BulkApplyAppSide
{
    public sealed record Selection(IReadOnlyList<string> Selected, IReadOnlyList<string> AlreadyInPolicies, IReadOnlyList<JitPolicyId> Keys, int ResourceGroups);

    public static async Task<(JsonObject Result, Selection Selection)> RunAsync(BenchmarkSettings settings, string generate)
    {
        var data = Path.Combine(Path.GetTempPath(), "jit-bench-bulk-" + Guid.NewGuid().ToString("N"));
        var config = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = data,
            ["Simulator:Generate"] = generate,
            ["Hardening:RateLimit:PermitLimit"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
            // 1,463 VM ids are about 250 KB of JSON, over the default 256 KiB API body limit (the UI's Apply has none).
            ["Hardening:MaxApiRequestBodyBytes"] = "4194304",
        };
        if (settings.PolicyConcurrency > 0)
        {
            // Both bounds: the whole operation's and each subscription's.
            var value = settings.PolicyConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
            config["Policies:MaxConcurrency"] = value;
            config["Policies:MaxConcurrencyPerSubscription"] = value;
        }
        var host = RemediationLatencyScenario.AppHost.Start(config);
        try
        {
            var simulator = host.Services.GetRequiredService<SimulatorArmEnvironment>().Embedded ?? throw new InvalidOperationException("No embedded simulator.");
            var estate = host.Services.GetRequiredService<IEstateService>();
            await estate.RefreshAsync();
            if (estate.Snapshot.Error is { } error) throw new InvalidOperationException(error);
            var machines = estate.Snapshot.Machines;
            var selected = machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && (m.Facts.Exposed || !settings.ExposedOnly)).ToList();
            var selection = new Selection(
                [.. selected.Select(m => m.Id)],
                [.. machines.Where(m => m.Facts.JitStatus == JitStatus.Configured).Select(m => m.Id)],
                [.. selected.Select(PolicyPlanner.KeyFor).Distinct()],
                machines.Select(m => $"{m.SubscriptionId}/{m.ResourceGroup}".ToUpperInvariant()).Distinct().Count());

            using var simulatorClient = host.CreateSimulatorClient();
            using var issued = await simulatorClient.PostAsJsonAsync("/_simulator/identity/token", new { user = "alice@contoso.test" });
            issued.EnsureSuccessStatusCode();
            var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
            using var api = host.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // A running app has served requests before: one apply of the VMs already in JIT (nothing to write) warms
            // the path (JIT compilation, EF's models and queries, connections) as the baseline's client is warmed.
            var operationsWarm = host.Services.GetRequiredService<IJitOperationService>();
            if (selection.AlreadyInPolicies.Count > 0)
            {
                // The runner refreshes the estate after reporting the operation: the measurement starts after that
                // refresh has ended, so none of its reads lands in the measured log.
                using var warmRefresh = new ActivityEnd("jit.run.refresh");
                using var warm = await api.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = selection.AlreadyInPolicies });
                var warmId = (await warm.Content.ReadFromJsonAsync<JitOperationAccepted>())!.OperationId;
                await foreach (var view in operationsWarm.WatchAsync(warmId))
                {
                    if (view.IsFinished) break;
                }
                await warmRefresh.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }

            // The same ARM as the baseline's: 20 ms on every answer, full buckets, an empty log.
            simulator.Options.LatencyMilliseconds = settings.LatencyMilliseconds;
            simulator.Throttler.Reset();
            simulator.RequestLog.Clear();

            var wanted = new HashSet<string>(selection.Selected, StringComparer.OrdinalIgnoreCase);
            bool AllShown(EstateSnapshot snapshot) => snapshot.Machines.Count(m => wanted.Contains(m.Id) && m.Facts.JitStatus == JitStatus.Configured) == wanted.Count;
            var shown = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = new Stopwatch();
            void OnEstateChanged(EstateSnapshot snapshot)
            {
                if (clock.IsRunning && AllShown(snapshot)) shown.TrySetResult(clock.Elapsed.TotalMilliseconds);
            }
            estate.Changed += OnEstateChanged;
            var operations = host.Services.GetRequiredService<IJitOperationService>();
            var finished = new TaskCompletionSource<(double Ms, JitOperationView View)>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged(JitOperationView view)
            {
                if (view.IsFinished && view.Pending == 0) finished.TrySetResult((clock.Elapsed.TotalMilliseconds, view));
            }
            operations.OperationChanged += OnChanged;
            using var profile = new PhaseProfile(clock);

            clock.Start();
            using var response = await api.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = selection.Selected });
            var acceptedMs = clock.Elapsed.TotalMilliseconds;
            if ((int)response.StatusCode != 202) throw new InvalidOperationException($"apply: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var id = (Guid)(await response.Content.ReadFromJsonAsync<JitOperationAccepted>())!.OperationId;

            var done = await finished.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var atFinish = simulator.RequestLog.Snapshot();
            // The Machines page: every selected VM shown as in JIT (from the runner's refresh or the events' refresh),
            // on the estate's own change event; a snapshot published before the handler saw it is checked once here.
            if (AllShown(estate.Snapshot)) shown.TrySetResult(clock.Elapsed.TotalMilliseconds);
            double? refreshedMs;
            try
            {
                refreshedMs = await shown.Task.WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException)
            {
                refreshedMs = null;
            }
            var atRefresh = simulator.RequestLog.Snapshot();
            operations.OperationChanged -= OnChanged;
            estate.Changed -= OnEstateChanged;

            var reported = await api.GetFromJsonAsync<JsonObject>($"api/v1/operations/{id}");
            var results = reported!["results"]!.AsArray();
            var security = host.Services.GetRequiredService<SecurityClient>();
            var result = new JsonObject
            {
                ["path"] = "POST /api/v1/jit/apply (the UI's Apply: JitOperationService.StartAsync) → JitOperationRunner; completion from OperationChanged",
                ["acceptedMs"] = Math.Round(acceptedMs, 1),
                ["wallMs"] = Math.Round(done.Ms, 1),
                ["wallMsUntilMachinesShowJit"] = refreshedMs is { } r ? Math.Round(r, 1) : null,
                ["policiesTouched"] = atFinish.Where(q => q.Method is "PUT" or "DELETE" && q.Path.Contains("jitNetworkAccessPolicies", StringComparison.OrdinalIgnoreCase))
                    .Select(q => q.Path.ToUpperInvariant()).Distinct().Count(),
                ["policiesPlanned"] = selection.Keys.Count,
                ["armWrites"] = atFinish.Count(q => q.Method is "PUT" or "DELETE" or "PATCH" or "POST"),
                ["armReads"] = atFinish.Count(q => q.Method == "GET"),
                ["throttled429"] = atFinish.Count(q => q.Status == 429),
                ["armReadsUntilMachinesShowJit"] = atRefresh.Count(q => q.Method == "GET"),
                ["throttled429UntilMachinesShowJit"] = atRefresh.Count(q => q.Status == 429),
                ["status"] = (string?)reported["status"],
                ["vmsReported"] = results.Count,
                ["vmsApplied"] = (int)reported["succeeded"]!,
                ["vmsFailed"] = (int)reported["failed"]!,
                ["vmsSkipped"] = (int)reported["skipped"]!,
                ["vmsInPolicyAfterwards"] = await BulkApplyScenario.CountInPoliciesAsync(security, selection.Keys, selection.Selected),
                ["vmsAlreadyInPoliciesKept"] = await BulkApplyScenario.CountInPoliciesAsync(security, selection.Keys, selection.AlreadyInPolicies),
                ["phases"] = profile.ToJson(),
            };
            return (result, selection);
        }
        finally
        {
            // The host deletes its data directory.
            await host.DisposeAsync();
        }
    }

    /// <summary>Completes when the app's activity of that name next ends (the app's own event, not a guess at its length).</summary>
    private sealed class ActivityEnd : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ActivityEnd(string name)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == DashboardTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    if (a.OperationName == name) _ended.TrySetResult();
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Task Task => _ended.Task;

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>
    /// The app's own activities (<see cref="DashboardTelemetry.Source"/>) by name: how many, their summed time, and
    /// the span from the first start to the last end, in ms from the request.
    /// </summary>
    private sealed class PhaseProfile : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentBag<(string Name, double Start, double End)> _spans = [];

        public PhaseProfile(Stopwatch clock)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == DashboardTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    if (!clock.IsRunning) return;
                    var end = clock.Elapsed.TotalMilliseconds;
                    _spans.Add((a.OperationName.StartsWith("ARM ", StringComparison.Ordinal) ? a.OperationName : a.DisplayName, end - a.Duration.TotalMilliseconds, end));
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public JsonObject ToJson()
        {
            var json = new JsonObject();
            foreach (var group in _spans.GroupBy(s => s.Name).OrderBy(g => g.Min(s => s.Start)))
            {
                json[group.Key] = new JsonObject
                {
                    ["count"] = group.Count(),
                    ["sumMs"] = Math.Round(group.Sum(s => s.End - s.Start), 1),
                    ["firstStartMs"] = Math.Round(group.Min(s => s.Start), 1),
                    ["lastEndMs"] = Math.Round(group.Max(s => s.End), 1),
                };
            }
            return json;
        }

        public void Dispose() => _listener.Dispose();
    }
}
