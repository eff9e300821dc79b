using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 7's <c>remediation-latency</c>: the whole app (embedded simulator, generated estate, a rule in Apply mode).
/// 50 VMs are in JIT for SSH only; then, as a person in the portal would, an NSG rule opening 3389 to <c>*</c> is PUT
/// for each, and the time from each PUT to the VM's JIT policy covering 3389 is measured. Run with the default
/// automation settings, then with the webhook trigger (an Event Grid ResourceWriteSuccess event per rule, sent right
/// after the PUT, as an Event Grid subscription would).
/// </summary>
internal static class RemediationLatencyScenario
{
    private const string NetworkApi = "2024-05-01";
    private const string Secret = "benchmark-only-secret";

    //   remediation-latency [--vms 50] [--estate-vms 300] [--mode both|default|webhook]
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var vms = IntArg(args, "--vms", 50);
        var estateVms = IntArg(args, "--estate-vms", 300);
        var mode = StringArg(args, "--mode", "both");
        var result = new JsonObject
        {
            ["scenario"] = "remediation-latency",
            ["vms"] = vms,
            ["estateVms"] = estateVms,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["automationCheckIntervalDefault"] = new AutomationOptions().CheckInterval.ToString(),
            ["estateRefreshIntervalDefault"] = new EstateOptions().RefreshInterval.ToString(),
        };
        if (mode is "both" or "default") result["default"] = await MeasureAsync(vms, estateVms, webhook: false);
        if (mode is "both" or "webhook") result["webhook"] = await MeasureAsync(vms, estateVms, webhook: true);
        return result;
    }

    private static async Task<JsonObject> MeasureAsync(int count, int estateVms, bool webhook)
    {
        var data = Path.Combine(Path.GetTempPath(), "jit-bench-latency-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = data,
            ["Simulator:Generate"] = $"vms={estateVms},subscriptions=2,seed=7",
            ["Automation:WebhookSecret"] = Secret,
        };
        var host = AppHost.Start(settings);
        try
        {
            var estate = host.Services.GetRequiredService<IEstateService>();
            await estate.RefreshAsync();
            var snapshot = estate.Snapshot;
            using var arm = await ArmClientAsync(host);

            // 50 supported VMs reachable from the Internet, not exposed on 3389, not exempt.
            var chosen = snapshot.Machines
                .Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && !ScopeEvaluator.HasTag(m, "jit-exempt", "true")
                            && m.Facts.Nics.Any(n => n.PublicIpAddress is not null && n.PrivateIpAddress is not null)
                            && m.Facts.Ports.All(p => p.Port != 3389 || p.Exposure == Platform.Estate.Exposure.PortExposure.Closed)
                            && m.Name.Length < 40)
                .Take(count).ToList();
            if (chosen.Count < count) throw new InvalidOperationException($"Only {chosen.Count} suitable VMs in the generated estate.");

            // JIT for SSH only, so 3389 is theirs to lose.
            var templates = host.Services.GetRequiredService<IPolicyTemplateService>();
            var ssh = await templates.CreateAsync(new PolicyTemplateInput("Bench SSH only", null, [new PolicyTemplatePort { Number = 22 }]), "benchmark");
            var operations = host.Services.GetRequiredService<IJitOperationService>();
            var start = await operations.StartAsync(JitOperationKind.Apply, [.. chosen.Select(m => m.Id)], ssh.Template!.Id, "benchmark");
            await foreach (var view in operations.WatchAsync(start.OperationId!.Value))
            {
                if (view.IsFinished) break;
            }
            await estate.RefreshAsync();

            // The rule: Apply, default template (22, 3389, 5985, 5986), exempt VMs excluded.
            var rules = host.Services.GetRequiredService<AutomationRuleService>();
            var created = await rules.CreateAsync(new AutomationRuleInput("Protect exposed", true, null,
                new AutomationExclusionsInput(new() { ["jit-exempt"] = "true" }, null), null, "Apply",
                new AutomationTriggersInput(Exposure: true, Assessment: false, Webhook: webhook), 1000), "benchmark");
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.SelectMany(e => e.Value)));

            // Let the rule's first runs (every other Not configured VM) finish before the clock starts.
            Console.Error.WriteLine($"{DateTime.UtcNow:T} {chosen.Count} VMs in JIT for SSH only; rule on; waiting for its first runs to settle");
            await QuiesceAsync(host);
            Console.Error.WriteLine($"{DateTime.UtcNow:T} settled; opening 3389");

            var nsgIds = new Dictionary<(string, string), string>();
            var used = new Dictionary<string, HashSet<int>>(StringComparer.OrdinalIgnoreCase);
            foreach (var sub in chosen.Select(m => m.SubscriptionId).Distinct())
            {
                // Through the app's client: it follows nextLink pages.
                await foreach (var nsg in host.Services.GetRequiredService<NetworkClient>().ListNetworkSecurityGroupsAsync(sub))
                {
                    nsgIds[(sub, nsg.Name!.ToLowerInvariant())] = nsg.Id!;
                    used[nsg.Id!] = [.. nsg.Properties.SecurityRules.Select(r => r.Properties.Priority)];
                }
            }
            var security = host.Services.GetRequiredService<SecurityClient>();
            var fresh = estate.Snapshot.Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            var keys = chosen.ToDictionary(m => m.Id, m => JitPolicyId.Parse(fresh[m.Id].Facts.JitPolicyId)!, StringComparer.OrdinalIgnoreCase);
            var changed = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var covered = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
            var clock = Stopwatch.StartNew();
            using var webhookClient = host.CreateClient();
            var deliveries = new System.Collections.Concurrent.ConcurrentBag<Task<int>>();

            // Open 3389 on every NSG on each VM's path (the subnet's and the NIC's), aimed at the VM's address.
            var opening = Task.Run(async () =>
            {
                for (var i = 0; i < chosen.Count; i++)
                {
                    var m = chosen[i];
                    var nic = m.Facts.Nics.First(n => n.PublicIpAddress is not null);
                    string? lastRule = null;
                    foreach (var nsgName in new[] { nic.SubnetNsg, nic.NicNsg }.OfType<string>().Distinct())
                    {
                        var nsgId = nsgIds[(m.SubscriptionId, nsgName.ToLowerInvariant())];
                        int priority;
                        // The first priority from 100 that no rule of this NSG holds: ahead of JIT's deny rules, as a person would put it.
                        lock (used)
                        {
                            priority = 100;
                            while (used[nsgId].Contains(priority)) priority++;
                            used[nsgId].Add(priority);
                        }
                        lastRule = $"{nsgId}/securityRules/bench-open-rdp-{i}";
                        var body = new JsonObject
                        {
                            ["properties"] = new JsonObject
                            {
                                ["protocol"] = "*", ["sourcePortRange"] = "*", ["destinationPortRange"] = "3389",
                                ["sourceAddressPrefix"] = "*", ["destinationAddressPrefix"] = nic.PrivateIpAddress,
                                ["access"] = "Allow", ["priority"] = priority, ["direction"] = "Inbound",
                            },
                        };
                        using var put = await arm.PutAsJsonAsync($"{lastRule.TrimStart('/')}?api-version={NetworkApi}", body);
                        if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {lastRule}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
                    }
                    lock (changed) changed[m.Id] = clock.ElapsedMilliseconds;
                    if (webhook)
                    {
                        var events = $$$"""[{"id":"{{{Guid.NewGuid()}}}","subject":"{{{lastRule}}}","eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"{{{DateTime.UtcNow:o}}}","dataVersion":"2","metadataVersion":"1","data":{"resourceUri":"{{{lastRule}}}","operationName":"Microsoft.Network/networkSecurityGroups/securityRules/write"}}]""";
                        // Event Grid delivers on its own; the next change does not wait for this one's answer.
                        // (The request is disposed when its send ends, not at the end of this block.)
                        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/automation/webhook") { Content = new StringContent(events, Encoding.UTF8, "application/json") };
                        request.Headers.Add("X-JitDashboard-Webhook-Secret", Secret);
                        var send = webhookClient.SendAsync(request);
                        deliveries.Add(send.ContinueWith(t =>
                        {
                            request.Dispose();
                            return t.IsCompletedSuccessfully ? (int)t.Result.StatusCode : -1;
                        }, TaskScheduler.Default));
                    }
                }
            });

            // Stop when all are covered, or when nothing new was covered for 90 s after the last change (a VM whose
            // new allow rule sits behind an existing deny rule is not exposed, and rightly left alone).
            var deadline = TimeSpan.FromMinutes(10);
            var lastProgress = 0L;
            // ARM is sampled every 250 ms (the resolution of the measured latencies) until the loop's own stop condition.
            await Eventually.WaitAsync(async () =>
            {
                if (!(covered.Count < chosen.Count && clock.Elapsed < deadline
                      && !(opening.IsCompleted && clock.ElapsedMilliseconds - Math.Max(lastProgress, changed.Values.DefaultIfEmpty().Max()) > 90_000)))
                    return true;
                var before = covered.Count;
                if (opening.IsFaulted) await opening;
                if (clock.ElapsedMilliseconds / 250 % 40 == 0) Console.Error.WriteLine($"{DateTime.UtcNow:T} changed {changed.Count}, covered {covered.Count}");
                string[] pending;
                lock (changed) pending = [.. changed.Keys.Where(id => !covered.ContainsKey(id))];
                foreach (var group in pending.GroupBy(id => keys[id]))
                {
                    var key = group.Key;
                    var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
                    var now = clock.ElapsedMilliseconds;
                    foreach (var id in group)
                    {
                        if (PolicyMerge.Find(policy, id)?.Ports.Any(p => p.Number == 3389) == true) covered[id] = now;
                    }
                }
                if (covered.Count > before) lastProgress = clock.ElapsedMilliseconds;
                return false;
            }, deadline + TimeSpan.FromMinutes(1), "the remediation sampling to end", TimeSpan.FromMilliseconds(250));
            await opening;
            Console.Error.WriteLine($"{DateTime.UtcNow:T} covered {covered.Count}/{chosen.Count}");

            await estate.RefreshAsync();
            var after = estate.Snapshot.Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            var uncoveredExposed = chosen.Count(m => !covered.ContainsKey(m.Id) && after[m.Id].Facts.Ports.Any(p => p.Port == 3389 && p.Exposure == Platform.Estate.Exposure.PortExposure.Open));
            var latencies = covered.Select(c => (double)(c.Value - changed[c.Key])).Order().ToList();
            return new JsonObject
            {
                ["trigger"] = webhook ? "webhook (+ exposure)" : "exposure (default settings)",
                ["covered"] = covered.Count,
                ["notCovered"] = chosen.Count - covered.Count,
                // Of those, how many the app sees exposed on 3389 (0: the others' new rule sits behind a deny rule).
                ["notCoveredButExposed"] = uncoveredExposed,
                ["p50Ms"] = Percentile(latencies, 0.50),
                ["p95Ms"] = Percentile(latencies, 0.95),
                ["maxMs"] = latencies.Count == 0 ? null : latencies[^1],
                ["minMs"] = latencies.Count == 0 ? null : latencies[0],
            };
        }
        finally
        {
            // The host deletes its data directory.
            await host.DisposeAsync();
        }
    }

    /// <summary>Waits until no automation run is running and none started for three check intervals.</summary>
    private static async Task QuiesceAsync(AppHost host)
    {
        var quiet = new AutomationOptions().CheckInterval * 3;
        var factory = host.Services.GetRequiredService<IDbContextFactory<JitDbContext>>();
        var limit = Stopwatch.StartNew();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            var runs = await db.AutomationRuns().AsNoTracking().Select(r => new { r.Status, r.StartedAtMs }).ToListAsync();
            if (runs.Any(r => r.Status == AutomationRunStatus.Running)) return false;
            // No run at all: the generated estate had nothing else for the rule to do.
            if (runs.Count == 0) return limit.Elapsed > quiet;
            return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - runs.Max(r => r.StartedAtMs) > quiet.TotalMilliseconds;
        }, TimeSpan.FromMinutes(10), "the rule's first runs to settle", TimeSpan.FromSeconds(1));
    }

    private static async Task<HttpClient> ArmClientAsync(AppHost host)
    {
        var client = host.CreateSimulatorClient();
        using var issued = await client.PostAsJsonAsync("/_simulator/identity/token",
            new { user = "carol@contoso.test", audience = JitDashboard.Simulator.Identity.SimulatorIdentity.ArmAudience });
        issued.EnsureSuccessStatusCode();
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static string StringArg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>
    /// The real app on Kestrel through the DevHost's entry point (as tests/Shared/DashboardHost, which this project
    /// cannot compile: its own top-level Program would clash with the app's).
    /// </summary>
    internal sealed class AppHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<JitDashboard.DevHost.DevHostProgram>
    {
        private Uri? _baseUri;

        public static AppHost Start(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
        {
            var host = new AppHost(settings, configureServices);
            host.UseKestrel(0);
            host.StartServer();
            var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            host._baseUri = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
            return host;
        }

        public new HttpClient CreateClient() => new() { BaseAddress = _baseUri };

        /// <summary>Stops the app, then deletes the <c>Database:DataDirectory</c> it was given (a throw-away one).</summary>
        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (settings.TryGetValue("Database:DataDirectory", out var data) && data is not null && Directory.Exists(data))
            {
                try
                {
                    Directory.Delete(data, recursive: true);
                }
                catch (IOException)
                {
                    // Cleaned with the temp folder eventually.
                }
            }
        }

        public HttpClient CreateSimulatorClient() => Services.GetRequiredService<JitDashboard.DevHost.SimulatorArmEnvironment>().CreateClient();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "JitDashboard.sln"))) root = root.Parent;
            builder.UseContentRoot(Path.Combine(root?.FullName ?? ".", "src", "JitDashboard.DevHost"));
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            if (configureServices is not null) Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, configureServices);
        }
    }
}
