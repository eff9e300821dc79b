using JitDashboard.Platform.Audit;
using JitDashboard.Features.Notifications;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Identity;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitDashboard.Benchmarks;

/// <summary>
/// Issue 6's benchmark: from an approver's approve call to the JIT allow rule being present in the simulator's NSG
/// (read back through ARM), over N requests on one VM, with the app's own AccessService on a SQLite database.
///   dotnet run -c Release --project tests/JitDashboard.Benchmarks -- approval-latency [--requests 200] [--latency MS]
/// </summary>
internal static class ApprovalLatencyScenario
{
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var requests = Arg(args, "--requests", 200);
        var latency = Arg(args, "--latency", 0);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "jitdashboard-bench-" + Guid.NewGuid().ToString("N"));
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { LatencyMilliseconds = latency });
        try
        {
            var armOptions = Options.Create(new ArmOptions());
            var connection = new ResolvedArmConnection(simulator.BaseUri, "https://management.azure.com/", simulator.Certificate);
            var armClient = JitDashboard.Platform.Arm.ArmExtensions.CreateArmClient(connection, JitDashboard.DevHost.SimulatorCredential.Create(simulator.BaseUri, simulator.Certificate), armOptions.Value);
            var provider = ArmClientProvider.FromClient(armClient);
            var rest = new ArmRestClient(provider);
            var security = new SecurityClient(rest, armOptions);
            var network = new NetworkClient(rest, armOptions);
            var compute = new ComputeClient(provider);
            var estate = new EstateService(new SubscriptionsClient(provider), new ArmInventorySource(compute, new ClassicComputeClient(rest, armOptions), network, security, TimeProvider.System),
                armOptions, Options.Create(new EstateOptions()), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<EstateService>.Instance);
            await estate.RefreshAsync();

            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration["Database:DataDirectory"] = dataDirectory;
            builder.AddJitDashboardData();
            builder.AddAudit();
            builder.Services.AddSingleton<IEstateService>(estate);
            builder.Services.AddSingleton(security);
            builder.Services.AddSingleton(new AccessGrants(security, network));
            builder.Services.AddSingleton<INotifier, NoNotifier>();
            builder.Services.AddOptions<AccessOptions>();
            builder.Services.AddSingleton<AccessService>();
            using var host = builder.Build();
            await host.Services.MigrateJitDashboardDatabaseAsync();
            var access = host.Services.GetRequiredService<AccessService>();

            var vm = estate.Snapshot.Machines
                .Where(m => m.Facts.JitStatus == JitStatus.Configured && m.Facts.JitPorts.Any(p => p.Number == 22 && (p.AllowedSourceAddressPrefix ?? "*") == "*" && p.AllowedSourceAddressPrefixes is null))
                .OrderBy(m => m.Name, StringComparer.Ordinal).First();
            var nsgName = vm.Facts.Nics.Select(n => n.NicNsg ?? n.SubnetNsg).First(n => n is not null)!;
            string? nsgId = null;
            await foreach (var nsg in network.ListNetworkSecurityGroupsAsync(vm.SubscriptionId))
                if (string.Equals(nsg.Name, nsgName, StringComparison.OrdinalIgnoreCase)) nsgId = nsg.Id;

            var alice = new AccessActor("alice@contoso.test", [Roles.Operator]);
            var bob = new AccessActor("bob@contoso.test", [Roles.Approver]);
            var times = new List<double>();
            var failures = 0;
            simulator.RequestLog.Clear();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < requests; i++)
            {
                var source = string.Create(CultureInfo.InvariantCulture, $"198.18.{i / 250}.{(i % 250) + 1}");
                var created = await access.CreateAsync(new AccessRequestInput(vm.Id, [22], "PT1H", source, $"benchmark {i}"), alice, null);
                var id = created.Request?.Id ?? throw new InvalidOperationException(string.Join("; ", created.Errors.SelectMany(e => e.Value)));
                var watch = Stopwatch.StartNew();
                var decided = await access.ApproveAsync(id, bob, null);
                // Present when ARM's NSG shows an allow rule from this request's source.
                var present = true;
                try
                {
                    // Polled every 10 ms: the resolution of the measured latency.
                    await Eventually.WaitAsync(async () =>
                    {
                        var nsg = await network.GetNetworkSecurityGroupAsync(nsgId!);
                        return nsg!.Properties.SecurityRules.Any(r => r.Properties.Access == "Allow" && r.Properties.SourceAddressPrefix == source);
                    }, TimeSpan.FromSeconds(5), "the allow rule in the NSG", TimeSpan.FromMilliseconds(10));
                }
                catch (TimeoutException)
                {
                    present = false;
                }
                watch.Stop();
                if (!present || decided.Outcome != AccessActionOutcome.Done) failures++;
                else times.Add(watch.Elapsed.TotalMilliseconds);
            }
            var log = simulator.RequestLog.Snapshot();
            times.Sort();
            return new JsonObject
            {
                ["scenario"] = "approval-latency",
                ["requests"] = requests,
                ["measured"] = times.Count,
                ["failures"] = failures,
                ["simulatorLatencyMs"] = latency,
                ["vm"] = vm.Name,
                ["p50Ms"] = Math.Round(Percentile(times, 0.50), 1),
                ["p95Ms"] = Math.Round(Percentile(times, 0.95), 1),
                ["maxMs"] = Math.Round(times.Count == 0 ? 0 : times[^1], 1),
                ["measures"] = "ApproveAsync (conditional decision, audit, GET policy, POST initiate, GET policy to confirm, Active) until GET NSG shows the allow rule",
                ["armRequests"] = log.Count,
                ["throttled429"] = log.Count(r => r.Status == 429),
                ["wallMs"] = Math.Round(total.Elapsed.TotalMilliseconds, 1),
                ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is a temp folder.
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private sealed class NoNotifier : INotifier
    {
        public ValueTask PublishAsync(NotificationEvent notification, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }
}
