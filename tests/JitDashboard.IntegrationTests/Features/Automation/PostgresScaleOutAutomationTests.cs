using JitDashboard.IntegrationTests.Platform.Persistence;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Simulator;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Automation;

/// <summary>
/// Issue 9's scale-out, automation half: two app hosts on one PostgreSQL database and one simulator. Only the
/// lease holder runs automation, so every VM is remediated exactly once; the other takes over when it goes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresScaleOutAutomationTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "jit-scaleout-" + Guid.NewGuid().ToString("N"));
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        _connectionString = await server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static AutomationLoop Loop(AutomationHost host) => host.Services.GetRequiredService<AutomationLoop>();

    /// <summary>A bearer token from the shared (standalone) simulator's identity provider, for one host's API.</summary>
    private static async Task<HttpClient> ApiClientAsync(SimulatorHost simulator, AutomationHost host, string user)
    {
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        using var issued = await sim.PostAsJsonAsync("/_simulator/identity/token", new { user });
        issued.EnsureSuccessStatusCode();
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        var client = host.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task TwoHostsOnOnePostgres_AndOneSimulator_OnlyTheLeaseHolderRemediates_TheOtherTakesOver()
    {
        var pem = Path.Combine(_work, "simulator.pem");
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { CertificateOut = pem });
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = _connectionString,
            ["Simulator:Url"] = simulator.BaseUri.ToString(),
            ["Simulator:CertificateFile"] = pem,
        };
        var hosts = new List<AutomationHost>
        {
            await AutomationHost.StartAsync(Path.Combine(_work, "a"), settings),
            await AutomationHost.StartAsync(Path.Combine(_work, "b"), settings),
        };
        try
        {
            var snapshot = await hosts[0].LoadedEstateAsync();
            var expected = snapshot.Machines
                .Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && !ScopeEvaluator.HasTag(m, "jit-exempt", "true"))
                .Select(m => m.Id).ToList();
            Assert.NotEmpty(expected);

            var active = await AutomationHost.UntilAsync(() => Task.FromResult(hosts.FirstOrDefault(h => Loop(h).IsActive)), "one instance holds the lease");
            var standby = hosts.Single(h => !ReferenceEquals(h, active));

            // The rule is created on the standby: rules live in the shared database, the holder acts on them.
            using var carol = await ApiClientAsync(simulator, standby, "carol@contoso.test");
            await standby.CreateRuleAsync(carol, new
            {
                name = "Protect exposed VMs",
                enabled = true,
                scope = new { subscriptionIds = Array.Empty<string>(), resourceGroups = Array.Empty<string>(), tags = new Dictionary<string, string>() },
                exclusions = new { tags = new Dictionary<string, string> { ["jit-exempt"] = "true" }, machineIds = Array.Empty<string>() },
                mode = "Apply",
                triggers = new { exposure = true, assessment = false, webhook = false },
                maxActionsPerRun = 1000,
            });

            var runs = await AutomationHost.UntilAsync(async () =>
            {
                var all = await active.RunsAsync();
                var applied = all.SelectMany(r => r.Actions).Where(a => a.Kind == AutomationActionKind.Apply && a.Status == AutomationActionStatus.Succeeded)
                    .Select(a => a.MachineId).ToHashSet(StringComparer.OrdinalIgnoreCase);
                return all.All(r => r.Status != AutomationRunStatus.Running) && expected.All(applied.Contains) ? all : null;
            }, "every exposed VM applied by automation");

            // Exactly one instance acted: no VM was applied twice (two acting instances would both see it unprotected).
            var applies = runs.SelectMany(r => r.Actions).Where(a => a.Kind == AutomationActionKind.Apply).GroupBy(a => a.MachineId, StringComparer.OrdinalIgnoreCase);
            Assert.All(applies, g => Assert.Single(g));
            Assert.True(Loop(active).IsActive);
            Assert.False(Loop(standby).IsActive);

            // Both instances see the same, remediated estate from the one simulator.
            await standby.Services.GetRequiredService<IEstateService>().RefreshAsync();
            var seen = standby.Snapshot.Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            Assert.All(expected, id => Assert.Equal(JitStatus.Configured, seen[id].Facts.JitStatus));

            hosts.Remove(active);
            await active.DisposeAsync();
            await AutomationHost.UntilAsync(() => Task.FromResult(Loop(standby).IsActive ? "taken over" : null), "the standby takes the lease over");
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }
}
