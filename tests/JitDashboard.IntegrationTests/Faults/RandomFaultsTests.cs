using JitDashboard.IntegrationTests.Features.Policies;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Faults;

/// <summary>
/// ARM faults by chance (each kind at 20%): throttling, server errors and timeouts (a delay longer than the app's
/// network timeout) during a bulk JIT apply and during approvals. Throttling and 500s alone on a bulk apply are
/// covered by JitOperationsAgainstSimulatorTests; what these add is the timeout and the approval path.
/// </summary>
public sealed class RandomFaultsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "random-faults-" + Guid.NewGuid().ToString("N"));

    // A 1 s network timeout against a 2.5 s delay: every delayed call is a client-side timeout.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Arm:MaxRetries"] = "1",
        ["Arm:NetworkTimeoutSeconds"] = "1",
        ["Access:PollInterval"] = "00:00:00.200",
        // The test polls every request's state; the per-user API rate limit is not what is tested here.
        ["Hardening:RateLimit:PermitLimit"] = "0",
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private static async Task AddFaultsAsync(HttpClient sim, string? method, string pathContains)
    {
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method, pathContains, status = 429, retryAfterSeconds = 1, probability = 0.2 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method, pathContains, status = 500, probability = 0.2 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method, pathContains, delayMilliseconds = 2500, probability = 0.2 })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task BulkApply_OnEveryExposedVm_WithThrottlingErrorsAndTimeouts_EveryVmAccountedFor_AndArmAgrees()
    {
        await using var host = await PoliciesHost.StartAsync(_data, Settings);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        Assert.NotEmpty(selected);

        // Reads and writes of policies: a timed-out GET or PUT is as likely as a refused one.
        await AddFaultsAsync(sim, null, "jitNetworkAccessPolicies");
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value, TimeSpan.FromMinutes(8));
        var log = await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();

        // The faults did fire (a test that can fail): at least one refused call reached the log.
        Assert.Contains(log!["items"]!.AsArray(), i => (int?)i!["status"] is 429 or 500);

        Assert.Equal(selected.Select(m => m.Id).Order(StringComparer.OrdinalIgnoreCase), done.Results.Select(r => r.MachineId).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(0, done.Pending);
        Assert.All(done.Results, r => Assert.True(
            r.Status == JitOperationItemStatus.Succeeded || (r.Status == JitOperationItemStatus.Failed && !string.IsNullOrEmpty(r.Error)),
            $"{r.MachineName}: {r.Status} {r.Error}"));

        // ARM agrees both ways: applied VMs are in their policy, failed ones are not.
        var security = host.Services.GetRequiredService<SecurityClient>();
        foreach (var group in done.Results.GroupBy(r => r.PolicyId, StringComparer.OrdinalIgnoreCase))
        {
            var key = JitPolicyId.Parse(group.Key)!;
            var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            var ids = (policy?.Properties.VirtualMachines ?? []).Select(v => v.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var r in group)
                Assert.True(ids.Contains(r.MachineId) == (r.Status == JitOperationItemStatus.Succeeded), $"{r.MachineName}: reported {r.Status}, in ARM's policy: {ids.Contains(r.MachineId)}");
        }
    }

    [Fact]
    public async Task Approvals_WithThrottlingErrorsAndTimeouts_EachEndsActiveOnceOrFailedWithArmError()
    {
        await using var host = await PoliciesHost.StartAsync(_data, Settings);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        // One request per VM: a second grant for the same port would supersede the first (as in Azure), which is not
        // what is under test here.
        var vms = new List<JitDashboard.Platform.Estate.EstateMachine>();
        for (var i = 0; i < 8; i++)
        {
            try
            {
                vms.Add(SshJitMachine(snapshot, i));
            }
            catch (InvalidOperationException)
            {
                break;
            }
        }
        Assert.True(vms.Count >= 2, $"The demo estate needs several VMs with JIT on port 22 ({vms.Count}).");
        var count = vms.Count;
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");

        var ids = new List<(string Id, string Source, JitDashboard.Platform.Estate.EstateMachine Vm)>();
        for (var i = 0; i < count; i++)
        {
            var source = $"198.51.100.{40 + i}";
            var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vms[i], source));
            created.EnsureSuccessStatusCode();
            ids.Add(((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!, source, vms[i]));
        }

        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        // Initiates and the policy reads around them (the read-before-initiate and the confirmation read).
        await AddFaultsAsync(sim, "POST", "/initiate");
        await AddFaultsAsync(sim, "GET", "jitNetworkAccessPolicies");
        foreach (var (id, _, _) in ids)
            (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { comment = "under fire" })).EnsureSuccessStatusCode();

        // Let the worker go through the faults until every request has met them (it ended, or an attempt failed and
        // awaits its retry), then stop them and let it finish.
        await Eventually.WaitAsync(async () =>
        {
            foreach (var (id, _, _) in ids)
            {
                var r = (await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!;
                if ((string?)r["status"] is not ("Active" or "Failed") && string.IsNullOrEmpty((string?)r["error"])) return false;
            }
            return true;
        }, TimeSpan.FromMinutes(3), "every request to have met ARM under fire", TimeSpan.FromMilliseconds(250));
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();
        var final = new Dictionary<string, JsonObject>();
        var last = new Dictionary<string, string?>();
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                foreach (var (id, _, _) in ids.Where(x => !final.ContainsKey(x.Id)))
                {
                    var r = await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}");
                    last[id] = r!.ToJsonString();
                    if ((string?)r!["status"] is "Active" or "Failed") final[id] = r;
                }
                return final.Count == count;
            }, TimeSpan.FromMinutes(3), "every request to end Active or Failed", TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException)
        {
            // Reported below with each stuck request's last state.
        }
        Assert.True(final.Count == count, $"Stuck: {string.Join(", ", ids.Where(x => !final.ContainsKey(x.Id)).Select(x => last.GetValueOrDefault(x.Id)))}");
        Assert.All(final.Values.Where(r => (string?)r["status"] == "Failed"), r => Assert.False(string.IsNullOrEmpty((string?)r["error"]), r.ToJsonString()));

        // No port opened twice: ARM holds exactly one grant per Active request and none for a Failed one, and the
        // successful initiates in the simulator's log number the Active requests.
        var security = host.Services.GetRequiredService<SecurityClient>();
        foreach (var (id, source, vm) in ids)
        {
            var key = JitPolicyId.Parse(vm.Facts.JitPolicyId)!;
            var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            var grants = (policy!.Properties.Requests ?? [])
                .SelectMany(g => g.VirtualMachines.Where(v => string.Equals(v.Id, vm.Id, StringComparison.OrdinalIgnoreCase)).SelectMany(v => v.Ports))
                .Count(p => p.AllowedSourceAddressPrefix == source);
            var expected = (string?)final[id]["status"] == "Active" ? 1 : 0;
            Assert.True(grants == expected, $"{id} ({source}) is {final[id]["status"]} ({final[id]["error"]}) but ARM holds {grants} grants");
        }
        var log = await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        var initiates = log!["items"]!.AsArray().Where(i => (string?)i!["method"] == "POST" && ((string?)i["path"])!.EndsWith("/initiate", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(final.Values.Count(r => (string?)r["status"] == "Active"), initiates.Count(i => (int?)i!["status"] is >= 200 and < 300));
        Assert.Contains(log["items"]!.AsArray(), i => (int?)i!["status"] is 429 or 500);
    }
}
