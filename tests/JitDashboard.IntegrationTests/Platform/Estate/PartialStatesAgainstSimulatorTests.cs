using JitDashboard.IntegrationTests.Features.Machines;
using JitDashboard.IntegrationTests.Features.Policies;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>
/// The app against each partial state the simulator models as real subscriptions do (unregistered namespaces, permission
/// gaps, subscription states, Defender plans, policy denials, linked authorization): every VM listed, readable facts
/// right, the rest Unknown with the reason, no blind write, each problem named with its fix.
/// </summary>
public sealed class PartialStatesAgainstSimulatorTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jitdashboard-tests", Guid.NewGuid().ToString("N"));
    private PoliciesHost _host = null!;
    private HttpClient _sim = null!;
    private EstateSnapshot _first = null!;

    public async Task InitializeAsync()
    {
        _host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Arm:MaxRetries"] = "0", ["Policies:MaxAttempts"] = "1" });
        _sim = _host.CreateSimulatorClient();
        _first = await _host.LoadedEstateAsync();
    }

    public async Task DisposeAsync()
    {
        _sim.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>A healthy subscription of the demo estate with exposed, unconfigured VMs, to break in one way.</summary>
    private string Target => _first.SubscriptionStatuses.Values
        .Where(s => s.Health == SubscriptionHealth.Healthy)
        // Without classic VMs: unregistering Microsoft.ClassicCompute (as most tests here do) would take them away.
        .Where(s => !_first.Machines.Any(m => m.SubscriptionId == s.Subscription.SubscriptionId && m.Id.Contains("/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase)))
        .OrderByDescending(s => _first.Machines.Count(m => m.SubscriptionId == s.Subscription.SubscriptionId && m.Facts.JitStatus == JitStatus.NotConfigured))
        .First().Subscription.SubscriptionId;

    private async Task ConditionsAsync(string subscriptionId, object conditions)
    {
        using var response = await _sim.PutAsJsonAsync($"/_simulator/subscriptions/{subscriptionId}/conditions", conditions);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<EstateSnapshot> RefreshAsync()
    {
        var estate = _host.Services.GetRequiredService<IEstateService>();
        await estate.RefreshAfterChangeAsync();
        return estate.Snapshot;
    }

    private async Task<List<JsonElement>> ArmLogAsync() =>
        [.. (await _sim.GetFromJsonAsync<JsonElement>("/_simulator/requests")).GetProperty("items").EnumerateArray()];

    private async Task<JitOperationView> ApplyAsync(IEnumerable<string> ids)
    {
        var start = await _host.Operations.StartAsync(JitOperationKind.Apply, [.. ids], null, "alice@contoso.test");
        Assert.True(start.Succeeded, string.Join("; ", start.Errors.SelectMany(e => e.Value)));
        return await _host.WaitAsync(start.OperationId!.Value);
    }

    private static bool IsPolicyWrite(JsonElement r) =>
        r.GetProperty("method").GetString() is "PUT" or "DELETE" or "POST" && r.GetProperty("path").GetString()!.Contains("jitNetworkAccessPolicies", StringComparison.Ordinal);

    [Fact]
    public async Task DemoEstate_ShowsOneDegradedSubscription_ClassicComputeUnregisteredIsHealthy()
    {
        var degraded = _first.SubscriptionStatuses.Values.Where(s => s.Health != SubscriptionHealth.Healthy).ToList();

        var one = Assert.Single(degraded);
        Assert.Equal(SubscriptionHealth.Degraded, one.Health);
        Assert.Contains(one.Problems, p => p.ErrorCode == "AuthorizationFailed" && p.Fix.Contains("Microsoft.Security/assessments/read", StringComparison.Ordinal));
        // ClassicCompute is unregistered wherever there are no classic VMs: those subscriptions are Healthy, no problem.
        Assert.Contains(_first.SubscriptionStatuses.Values, s => s.Health == SubscriptionHealth.Healthy
            && s.Sources.Any(x => x.Source == InventorySource.ClassicVirtualMachines && x.State == SourceState.NotRegistered));
        Assert.Equal(JitDashboard.Simulator.Estate.DemoEstate.Create()["resources"]!.AsArray()
            .Count(r => (string?)r!["type"] is "Microsoft.Compute/virtualMachines" or "Microsoft.ClassicCompute/virtualMachines"), _first.Machines.Count);
    }

    [Fact]
    public async Task NsgReadDenied_ExposureUnknown_EverythingElseLoads()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { deniedActions = new[] { "Microsoft.Network/networkSecurityGroups/read" } });

        var snapshot = await RefreshAsync();

        Assert.Equal(_first.Machines.Count, snapshot.Machines.Count);
        var machines = snapshot.Machines.Where(m => m.SubscriptionId == sub && m.Vm.ScaleSetId is null && !m.Id.Contains("ClassicCompute", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.All(machines, m => Assert.All(m.Facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure)));
        Assert.All(machines, m => Assert.Contains("Microsoft.Network/networkSecurityGroups/read", m.Facts.UnknownReasons["exposure"], StringComparison.Ordinal));
        // Assessments were readable: recommendations stay known.
        Assert.All(machines, m => Assert.NotEqual(RecommendationState.Unknown, m.Facts.JitRecommendation));
        var problem = Assert.Single(snapshot.SubscriptionStatuses[sub].Problems);
        Assert.Equal(("NetworkSecurityGroups", "AuthorizationFailed"), (problem.Source, problem.ErrorCode));
        Assert.Contains("Microsoft.Network/networkSecurityGroups/read", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JitPoliciesReadDenied_NoBlindWrite_ThroughTheApi()
    {
        var sub = Target;
        var ids = _first.Machines.Where(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.NotConfigured).Take(3).Select(m => m.Id).ToList();
        await ConditionsAsync(sub, new { deniedActions = new[] { "Microsoft.Security/locations/jitNetworkAccessPolicies/read" } });
        var snapshot = await RefreshAsync();
        Assert.All(ids, id => Assert.Equal(JitStatus.Unknown, snapshot.Machines.Single(m => m.Id == id).Facts.JitStatus));
        (await _sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        var done = await ApplyAsync(ids);

        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Skipped, r.Status));
        Assert.All(done.Results, r => Assert.Contains("jitNetworkAccessPolicies/read", r.Error, StringComparison.Ordinal));
        Assert.DoesNotContain(await ArmLogAsync(), IsPolicyWrite);
    }

    [Fact]
    public async Task DisabledSubscription_ReadsWork_WritesRefusedBeforeSending_AccessRefused()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { state = "Disabled" });
        var snapshot = await RefreshAsync();
        var status = snapshot.SubscriptionStatuses[sub];
        Assert.Equal("Disabled", status.Subscription.State);
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.Contains(status.Problems, p => p.ErrorCode == "ReadOnlyDisabledSubscription");
        Assert.Equal(_first.Machines.Count(m => m.SubscriptionId == sub), snapshot.Machines.Count(m => m.SubscriptionId == sub));
        (await _sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        var notConfigured = snapshot.Machines.Where(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.NotConfigured).Take(2).Select(m => m.Id).ToList();
        var done = await ApplyAsync(notConfigured);
        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Skipped, r.Status));
        Assert.All(done.Results, r => Assert.Contains("Disabled", r.Error, StringComparison.Ordinal));

        var configured = snapshot.Machines.FirstOrDefault(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.Configured);
        if (configured is not null)
        {
            var access = _host.Services.GetRequiredService<IAccessService>();
            var result = await access.CreateAsync(new AccessRequestInput(configured.Id, [22], "PT1H", null, "incident 42"),
                new AccessActor("alice@contoso.test", [JitDashboard.Platform.Identity.Roles.Operator]), "203.0.113.7");
            Assert.Null(result.Request);
            Assert.Contains("Disabled", string.Join(" ", result.Errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(await ArmLogAsync(), IsPolicyWrite);
    }

    [Fact]
    public async Task SecurityNotRegistered_JitNotSetUp_SaysHowToFixIt()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { unregisteredNamespaces = new[] { "Microsoft.ClassicCompute", "Microsoft.Security" } });

        var snapshot = await RefreshAsync();

        var status = snapshot.SubscriptionStatuses[sub];
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        Assert.Contains(status.Problems, p => p.Fix.Contains("az provider register --namespace Microsoft.Security", StringComparison.Ordinal));
        Assert.Contains("JIT is not available", status.JitUnavailableReason, StringComparison.Ordinal);
        var machines = snapshot.Machines.Where(m => m.SubscriptionId == sub).ToList();
        Assert.Equal(_first.Machines.Count(m => m.SubscriptionId == sub), machines.Count);
        // No policies exist in an unregistered namespace: NotConfigured is the truth; applying is refused before writing.
        Assert.DoesNotContain(machines, m => m.Facts.JitStatus == JitStatus.Configured);
        Assert.All(machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured), m => Assert.NotNull(m.Facts.JitWriteBlockedReason));
        // Defender's data is not there: left out of the posture figures, and named.
        Assert.False(snapshot.Controls.ContainsKey(sub));
        Assert.Contains(JitDashboard.Features.Posture.PostureCalculator.Calculate(snapshot).Excluded, x => x.SubscriptionId == sub);
    }

    [Theory]
    [InlineData("Free", null)]
    [InlineData("Standard", "P1")]
    public async Task DefenderForServersWithoutPlan2_JitUnavailable_NotAFailedApplyPerVm(string tier, string? subPlan)
    {
        var sub = Target;
        await ConditionsAsync(sub, new { defenderForServers = subPlan is null ? (object)new { pricingTier = tier } : new { pricingTier = tier, subPlan } });
        var snapshot = await RefreshAsync();
        Assert.Contains("Plan 2", snapshot.SubscriptionStatuses[sub].JitUnavailableReason, StringComparison.Ordinal);
        Assert.Contains(snapshot.SubscriptionStatuses[sub].Problems, p => p.ErrorCode == "DefenderForServersPlan2Required");
        (await _sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        var ids = snapshot.Machines.Where(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.NotConfigured).Take(2).Select(m => m.Id).ToList();
        var done = await ApplyAsync(ids);

        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Skipped, r.Status));
        Assert.DoesNotContain(await ArmLogAsync(), IsPolicyWrite);
    }

    [Fact]
    public async Task PolicyDenial_PerVmResult_NamesTheCauseAndTheFix()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { policyDenials = new[] { new { resourceType = "Microsoft.Security/locations/jitNetworkAccessPolicies", policyAssignmentName = "deny-jit" } } });
        var ids = _first.Machines.Where(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.NotConfigured).Take(2).Select(m => m.Id).ToList();

        var done = await ApplyAsync(ids);

        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Failed, r.Status));
        Assert.All(done.Results, r => Assert.StartsWith("RequestDisallowedByPolicy", r.Error, StringComparison.Ordinal));
        Assert.All(done.Results, r => Assert.Contains("Fix: An Azure Policy assignment denies this write", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LinkedAuthorizationFailed_PerVmResult_NamesTheCauseAndTheFix()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { deniedActions = new[] { "Microsoft.Compute/virtualMachines/write" } });
        var ids = _first.Machines.Where(m => m.SubscriptionId == sub && m.Facts.JitStatus == JitStatus.NotConfigured).Take(2).Select(m => m.Id).ToList();

        var done = await ApplyAsync(ids);

        Assert.All(done.Results, r => Assert.Equal(JitOperationItemStatus.Failed, r.Status));
        Assert.All(done.Results, r => Assert.StartsWith("LinkedAuthorizationFailed", r.Error, StringComparison.Ordinal));
        Assert.All(done.Results, r => Assert.Contains("Microsoft.Compute/virtualMachines/write", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletedSubscription_ConfiguredById_IsUnavailable_OthersLoad()
    {
        var sub = Target;
        await ConditionsAsync(sub, new { state = "Deleted" });
        var ids = _first.Subscriptions.Select(s => s.SubscriptionId).ToList();
        var settings = new Dictionary<string, string?> { ["Arm:MaxRetries"] = "0" };
        for (var i = 0; i < ids.Count; i++) settings[$"Arm:SubscriptionIds:{i}"] = ids[i];
        settings["Simulator:Url"] = _sim.BaseAddress!.ToString();
        var connection = _host.Services.GetRequiredService<JitDashboard.Platform.Arm.ArmConnection>().Current;
        var pem = Path.Combine(_data, "sim.pem");
        Directory.CreateDirectory(_data);
        await File.WriteAllTextAsync(pem, connection.TrustedCertificate!.ExportCertificatePem());
        settings["Simulator:CertificateFile"] = pem;
        settings["Database:DataDirectory"] = Path.Combine(_data, "second");
        await using var second = await JitDashboard.Testing.DashboardHost.StartAsync(settings);

        var snapshot = await second.LoadedEstateAsync();

        var status = snapshot.SubscriptionStatuses[sub];
        Assert.Equal(SubscriptionHealth.Unavailable, status.Health);
        Assert.Contains(status.Problems, p => p.ErrorCode == "SubscriptionNotFound");
        Assert.All(ids.Where(id => id != sub), id => Assert.Contains(snapshot.Machines, m => m.SubscriptionId == id));
    }

    [Fact]
    public async Task NetworkThrottledFor64Seconds_KeepsStaleData_AndDoesNotAskAgainMeanwhile()
    {
        var sub = Target;
        var nsgList = $"/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups";
        (await _sim.PostAsJsonAsync("/_simulator/faults", new { method = "GET", pathContains = nsgList + "?", status = 429, errorCode = "TooManyRequests", retryAfterSeconds = 64, count = 1000 })).EnsureSuccessStatusCode();

        var throttled = await RefreshAsync();
        (await _sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var again = await RefreshAsync();

        var problem = Assert.Single(throttled.SubscriptionStatuses[sub].Problems);
        Assert.True(problem.Stale);
        Assert.Equal("TooManyRequests", problem.ErrorCode);
        Assert.Contains("64 s", problem.Fix, StringComparison.Ordinal);
        Assert.All(throttled.Machines.Where(m => m.SubscriptionId == sub), m => Assert.False(m.Facts.ExposureUnknown));
        Assert.DoesNotContain(await ArmLogAsync(), r => r.GetProperty("path").GetString() == nsgList);
        Assert.True(again.SubscriptionStatuses[sub].Problems.Single().Stale);
    }
}
