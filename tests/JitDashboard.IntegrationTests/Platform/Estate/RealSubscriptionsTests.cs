using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Features.Machines;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

using static JitDashboard.IntegrationTests.Platform.Estate.SimulatorFaults;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>
/// One failing list call never blanks the estate: against the simulator, over real HTTPS through the Azure SDK. What
/// could be read is right, the rest is Unknown with the reason, stale data is kept and marked, nothing is written blind.
/// </summary>
public sealed class RealSubscriptionsTests
{
    [Fact]
    public async Task TransientNsgFailure_AfterAGoodLoad_KeepsTheLastGoodList_MarkedStale()
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = before.Subscriptions[0].SubscriptionId;

        // The subscription's NSG list (not the GET of one NSG) answers 500 from now on.
        await FaultAsync(host, new { method = "GET", pathContains = $"/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups?", status = 500, count = 100 });
        var after = await RefreshAsync(host);

        var problem = AssertKeptAndStale(before, after, sub, "NetworkSecurityGroups");
        Assert.Equal(before.RefreshedAt!.Value, problem.LastSuccessAt!.Value, TimeSpan.FromSeconds(30));
        Assert.Equal("InternalServerError", problem.ErrorCode);

        // The next good read clears it.
        await ClearFaultsAsync(host);
        Assert.Equal(SubscriptionHealth.Healthy, (await RefreshAsync(host)).SubscriptionStatuses[sub].Health);
    }

    [Fact]
    public async Task NsgListFailing_WithNoLastGoodList_ExposureUnknown_NeverClosed()
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var loaded = await host.LoadedEstateAsync();
        var sub = loaded.SubscriptionStatuses.Values.First(s => s.Health == SubscriptionHealth.Healthy).Subscription.SubscriptionId;
        await FaultAsync(host, new { method = "GET", pathContains = $"/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups?", status = 503, count = 100 });

        // A service that has never read this estate (as after a restart): no last good list to fall back on.
        var estate = new EstateService(
            host.Services.GetRequiredService<JitDashboard.Platform.Arm.ISubscriptionsClient>(),
            host.Services.GetRequiredService<IInventorySource>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JitDashboard.Platform.Arm.ArmOptions>>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EstateOptions>>(),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EstateService>.Instance);
        await estate.RefreshAsync();
        var snapshot = estate.Snapshot;

        Assert.Equal(loaded.Machines.Count, snapshot.Machines.Count);
        var machines = snapshot.Machines.Where(m => m.SubscriptionId == sub && m.Vm.ScaleSetId is null && !m.Id.Contains("ClassicCompute", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(machines);
        Assert.All(machines, m => Assert.All(m.Facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure)));
        Assert.All(machines, m => Assert.False(m.Facts.Exposed));
        Assert.All(machines, m => Assert.Contains("Network security groups could not be read: ServiceUnavailable", m.Facts.UnknownReasons["exposure"], StringComparison.Ordinal));
        // VMs in a policy are still Configured; the others may be NotConfigured or Unsupported: Unknown.
        Assert.All(machines, m => Assert.Contains(m.Facts.JitStatus, new[] { JitStatus.Configured, JitStatus.Unknown }));
        var problem = Assert.Single(snapshot.SubscriptionStatuses[sub].Problems);
        Assert.False(problem.Stale);
        // The other subscriptions are untouched.
        Assert.All(snapshot.Machines.Where(m => m.SubscriptionId != sub), m => Assert.DoesNotContain(m.Facts.Ports, p => p.Exposure == PortExposure.Unknown));
    }

    [Fact]
    public async Task JitPoliciesUnreadable_StatusUnknown_ApplyRefusedPerVm_NoPolicyWrite()
    {
        var data = Path.Combine(Path.GetTempPath(), "jitdashboard-tests", Guid.NewGuid().ToString("N"));
        await using var host = await JitDashboard.IntegrationTests.Features.Policies.PoliciesHost.StartAsync(data, NoRetries);
        using var sim = host.CreateSimulatorClient();
        // The app's identity loses the right to read JIT policies (a refusal: no stale fallback).
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "GET", pathContains = "/providers/Microsoft.Security/jitNetworkAccessPolicies?", status = 403, errorCode = "AuthorizationFailed", count = 1000 })).EnsureSuccessStatusCode();
        var estate = host.Services.GetRequiredService<IEstateService>();
        await estate.RefreshAfterChangeAsync();
        var snapshot = estate.Snapshot;

        Assert.NotEmpty(snapshot.Machines);
        var unknown = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Unknown).ToList();
        Assert.NotEmpty(unknown);
        Assert.DoesNotContain(snapshot.Machines, m => m.Facts.JitStatus is JitStatus.Configured or JitStatus.NotConfigured);
        Assert.All(unknown, m => Assert.Contains("JIT policies could not be read", m.Facts.UnknownReasons["jitStatus"], StringComparison.Ordinal));
        // Exposure is still known: the network was read.
        Assert.Contains(snapshot.Machines, m => m.Facts.Exposed);

        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        using var api = await host.CreateApiClientAsync("alice@contoso.test");
        var ids = unknown.Take(5).Select(m => m.Id).ToArray();
        using var response = await api.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operationId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operationId").GetGuid();
        var done = await host.WaitAsync(operationId);

        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Skipped, r.Status));
        Assert.All(done.Results, r => Assert.Contains("replaces the whole policy", r.Error, StringComparison.Ordinal));
        var log = await sim.GetFromJsonAsync<JsonElement>("/_simulator/requests");
        Assert.DoesNotContain(log.GetProperty("items").EnumerateArray(),
            r => r.GetProperty("method").GetString() is "PUT" or "DELETE" && r.GetProperty("path").GetString()!.Contains("jitNetworkAccessPolicies", StringComparison.Ordinal));

        using var machines = await api.GetAsync(new Uri("api/v1/machines?jitStatus=Unknown", UriKind.Relative));
        var items = (await machines.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
        Assert.Equal(unknown.Count, items.GetArrayLength());
        Assert.All(items.EnumerateArray(), i => Assert.Contains("AuthorizationFailed", i.GetProperty("unknownReasons").GetProperty("jitStatus").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredSubscriptionThatIsGone_IsUnavailable_TheOthersLoad()
    {
        const string gone = "9f0e0000-0000-4000-8000-00000000dead";
        await using var probe = await DashboardHost.StartAsync();
        var real = (await probe.LoadedEstateAsync()).Subscriptions.Select(s => s.SubscriptionId).ToList();

        var settings = new Dictionary<string, string?>(NoRetries);
        for (var i = 0; i < real.Count; i++) settings[$"Arm:SubscriptionIds:{i}"] = real[i];
        settings[$"Arm:SubscriptionIds:{real.Count}"] = gone;
        await using var host = await DashboardHost.StartAsync(settings);
        var snapshot = await host.LoadedEstateAsync();

        Assert.Equal(real.Count + 1, snapshot.Subscriptions.Count);
        var status = snapshot.SubscriptionStatuses[gone];
        Assert.Equal(SubscriptionHealth.Unavailable, status.Health);
        Assert.Contains(status.Problems, p => p.ErrorCode == "SubscriptionNotFound");
        Assert.All(real, id => Assert.Contains(snapshot.Machines, m => m.SubscriptionId == id));
        Assert.Null(snapshot.Error);

        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await host.TokenAsync("dave@contoso.test"));
        var body = await api.GetFromJsonAsync<JsonElement>("api/v1/subscriptions");
        var item = body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("subscriptionId").GetString() == gone);
        Assert.Equal("Unavailable", item.GetProperty("health").GetString());
        var problem = item.GetProperty("problems")[0];
        Assert.Equal(["source", "errorCode", "message", "fix", "stale", "lastSuccessAt"], problem.EnumerateObject().Select(p => p.Name));
        Assert.Equal("SubscriptionNotFound", problem.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task ClassicComputeAnswering400_IsQuiet_EveryOtherVmListed()
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var classic = before.Machines.Count(m => m.Id.Contains("Microsoft.ClassicCompute", StringComparison.OrdinalIgnoreCase));
        var healthyBefore = before.SubscriptionStatuses.Values.Count(s => s.Health == SubscriptionHealth.Healthy);

        // The simulator's own condition, as some real subscriptions answer: 400 on the classic VM list.
        using (var sim = host.CreateSimulatorClient())
        {
            foreach (var s in before.Subscriptions)
            {
                using var put = await sim.PutAsJsonAsync($"/_simulator/subscriptions/{s.SubscriptionId}/conditions", new { classicComputeErrorStatus = 400 });
                Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
            }
            (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        }
        var after = await RefreshAsync(host);
        using (var sim = host.CreateSimulatorClient())
        {
            var log = await sim.GetFromJsonAsync<JsonElement>("/_simulator/requests");
            // The 400 really was answered (the test would pass vacuously otherwise).
            Assert.Contains(log.GetProperty("items").EnumerateArray(), r => r.GetProperty("path").GetString()!.Contains("Microsoft.ClassicCompute/virtualMachines", StringComparison.OrdinalIgnoreCase) && r.GetProperty("status").GetInt32() == 400);
        }
        Assert.All(after.SubscriptionStatuses.Values, s => Assert.Equal(SubscriptionHealth.Healthy == s.Health, before.SubscriptionStatuses[s.Subscription.SubscriptionId].Health == SubscriptionHealth.Healthy));

        Assert.Equal(before.Machines.Count - classic, after.Machines.Count(m => !m.Id.Contains("Microsoft.ClassicCompute", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(healthyBefore, after.SubscriptionStatuses.Values.Count(s => s.Health == SubscriptionHealth.Healthy));
        Assert.DoesNotContain(after.SubscriptionStatuses.Values.SelectMany(s => s.Problems), p => p.Source == "ClassicVirtualMachines");
    }
}
