using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Simulator;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Faults;

/// <summary>
/// The app as its own process, killed (SIGKILL of the process tree: no graceful stop) in the middle of a bulk run and
/// in the middle of an initiate, then started again on the same SQLite database and the same ARM (a standalone
/// simulator that outlives both): nothing is lost. RestartMidBulkRunTests covers the graceful stop in-process.
/// </summary>
public sealed class KillRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-kill-" + Guid.NewGuid().ToString("N"));
    private readonly string _pem = Path.Combine(Path.GetTempPath(), $"jitsim-{Guid.NewGuid():N}.pem");

    public void Dispose()
    {
        File.Delete(_pem);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Dictionary<string, string> Settings(SimulatorHost simulator) => new()
    {
        ["Simulator:Url"] = simulator.BaseUri.ToString(),
        ["Simulator:CertificateFile"] = _pem,
        ["Database:DataDirectory"] = _data,
        ["Policies:PollInterval"] = "00:00:00.200",
        ["Policies:MaxConcurrency"] = "1",
        ["Access:PollInterval"] = "00:00:00.200",
        // A claim held by the killed process lapses quickly, so the next one may take the request over.
        ["Access:ClaimTimeout"] = "00:00:10",
        ["Hardening:RateLimit:PermitLimit"] = "0",
    };

    private static Task<JsonArray> MachinesAsync(HttpClient api) =>
        Eventually.WaitAsync(async () => (await api.GetFromJsonAsync<JsonObject>("api/v1/machines"))!["items"]!.AsArray(),
            items => items.Count > 0, TimeSpan.FromMinutes(2), "the estate to load", TimeSpan.FromMilliseconds(250));

    [Fact]
    public async Task KilledMidBulkRun_TheNextProcessFinishesIt_EveryVmAppliedOrFailedWithReason()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = "vms=120,subscriptions=2,seed=7", CertificateOut = _pem });
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };

        string operation;
        List<string> machines;
        await using (var first = await AppProcess.StartAsync(Settings(simulator)))
        {
            using var alice = await ApiClientAsync(first, simulator, "alice@contoso.test");
            machines = (await MachinesAsync(alice))
                .Where(m => (bool)m!["exposed"]! && (string?)m["jitStatus"] == "NotConfigured" && ((string)m["name"]!).Length + 7 <= 56)
                .Select(m => (string)m!["id"]!).ToList();
            Assert.True(machines.Count >= 5, $"The estate needs several exposed VMs ({machines.Count}).");

            // Slow policy writes, so the kill lands mid-run.
            (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", delayMilliseconds = 700, count = 1000 })).EnsureSuccessStatusCode();
            var started = await alice.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = machines });
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
            operation = (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["operationId"]!;

            await Eventually.WaitAsync(async () =>
            {
                var view = await alice.GetFromJsonAsync<JsonObject>($"api/v1/operations/{operation}");
                Assert.True((int)view!["succeeded"]! + (int)view["failed"]! < machines.Count, "The run finished before the kill; slow it down further.");
                return (int)view["succeeded"]! >= 1;
            }, TimeSpan.FromMinutes(2), "a VM of the run to be applied");
            await first.KillAsync();
        }
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();

        await using var second = await AppProcess.StartAsync(Settings(simulator));
        using var api = await ApiClientAsync(second, simulator, "alice@contoso.test");
        var done = await Eventually.WaitAsync(async () => (await api.GetFromJsonAsync<JsonObject>($"api/v1/operations/{operation}"))!,
            d => (int)d["succeeded"]! + (int)d["failed"]! + (int)d["skipped"]! == machines.Count,
            TimeSpan.FromMinutes(3), "the run to be finished after the restart", TimeSpan.FromMilliseconds(250));

        var results = done["results"]!.AsArray();
        Assert.Equal(machines.Order(StringComparer.OrdinalIgnoreCase), results.Select(r => (string)r!["machineId"]!).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(results, r => Assert.True((string?)r!["status"] == "Succeeded" || !string.IsNullOrEmpty((string?)r["error"]), r!.ToJsonString()));

        // ARM agrees: after a refresh, every VM reported applied has JIT configured.
        using var carol = await ApiClientAsync(second, simulator, "carol@contoso.test");
        (await carol.PostAsync("api/v1/machines/refresh", null)).EnsureSuccessStatusCode();
        var applied = results.Where(r => (string?)r!["status"] == "Succeeded").Select(r => (string)r!["machineId"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(applied);
        // The refresh answers 202 at once and loads in the background: wait for it, within a limit.
        JsonObject? after = null;
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                after = await api.GetFromJsonAsync<JsonObject>("api/v1/machines");
                return after!["items"]!.AsArray().Where(m => applied.Contains((string)m!["id"]!)).All(m => (string?)m!["jitStatus"] == "Configured");
            }, TimeSpan.FromSeconds(60), "the refreshed estate to show the applied VMs Configured", TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException)
        {
            // The assertion below names the VMs that are not Configured.
        }
        Assert.All(after!["items"]!.AsArray().Where(m => applied.Contains((string)m!["id"]!)), m => Assert.Equal("Configured", (string?)m!["jitStatus"]));
    }

    [Fact]
    public async Task KilledMidInitiate_TheNextProcessFinishesTheRequest_ActiveExactlyOnce()
    {
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Generate = "vms=40,subscriptions=1,seed=11", CertificateOut = _pem });
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        string id;
        await using (var first = await AppProcess.StartAsync(Settings(simulator)))
        {
            using var alice = await ApiClientAsync(first, simulator, "alice@contoso.test");
            using var bob = await ApiClientAsync(first, simulator, "bob@contoso.test");
            var vm = (await MachinesAsync(alice)).FirstOrDefault(m => (string?)m!["jitStatus"] == "Configured"
                && m["jitPorts"]!.AsArray().Any(p => (int)p!["number"]! == 22 && ((string?)p["allowedSourceAddressPrefix"] ?? "*") == "*" && p["allowedSourceAddressPrefixes"] is null));
            Assert.True(vm is not null, "The estate needs a VM with JIT on port 22 from any source.");

            var created = await alice.PostAsJsonAsync("api/v1/access-requests", new { machineId = (string)vm!["id"]!, ports = new[] { 22 }, duration = "PT15M", sourceAddressPrefix = "203.0.113.77", justification = "Kill test", ticket = "CHG-1" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

            // The next initiate hangs in ARM long enough to be killed in the middle of it.
            (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
            (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "POST", pathContains = "/initiate", delayMilliseconds = 60_000, count = 1 })).EnsureSuccessStatusCode();
            // The approval starts the initiate, which then hangs in ARM.
            var approving = bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { comment = "go" });
            await Eventually.WaitAsync(async () => (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["status"] == "Approved",
                TimeSpan.FromMinutes(1), "the request to be approved");
            // Approved is recorded before ARM is called: kill once the initiate is in flight, i.e. once the simulator
            // has taken the hanging fault for it.
            await Eventually.WaitAsync(() => simulator.Faults.Count == 0, TimeSpan.FromMinutes(1), "the initiate to be in flight in ARM");
            await first.KillAsync();
            try
            {
                // The approval may have answered before the kill (the initiate goes on after it); either way is fine.
                (await approving).Dispose();
            }
            catch (HttpRequestException)
            {
            }
        }

        await using var second = await AppProcess.StartAsync(Settings(simulator));
        using var api = await ApiClientAsync(second, simulator, "alice@contoso.test");
        var final = await Eventually.WaitAsync(async () => (await api.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!,
            r => (string?)r["status"] is "Active" or "Failed", TimeSpan.FromMinutes(2), "the request to end after the restart", TimeSpan.FromMilliseconds(250));

        // Active once: the killed call never reached ARM (the simulator drops a request whose caller went away during
        // the delay), so exactly one initiate was answered, by the second process.
        Assert.Equal("Active", (string?)final["status"]);
        var log = simulator.RequestLog.Snapshot();
        Assert.Equal(1, log.Count(r => r.Method == "POST" && r.Path.EndsWith("/initiate", StringComparison.OrdinalIgnoreCase) && r.Status is >= 200 and < 300));
    }

    private static async Task<HttpClient> ApiClientAsync(AppProcess app, SimulatorHost simulator, string user)
    {
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        return app.ApiClient(await AppProcess.TokenAsync(sim, user));
    }
}
