using JitDashboard.IntegrationTests.Features.Machines;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net.Http.Json;
using System.Text.Json;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

using static JitDashboard.IntegrationTests.Platform.Estate.SimulatorFaults;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>
/// Each source x failure not covered by <see cref="RealSubscriptionsTests"/> and <see cref="PartialStatesAgainstSimulatorTests"/>,
/// against the simulator: a subscription denied outright, NRP's transient 409, 502 ProviderError, permission gaps on
/// NICs, public IPs, secure scores and plans, PascalCase error bodies, and Compute's HighCostGet30Min throttling.
/// </summary>
public sealed class SourceFailuresAgainstSimulatorTests
{
    /// <summary>A service that has never read the estate (as after a restart): no last good list to fall back on.</summary>
    private static async Task<EstateSnapshot> FreshLoadAsync(DashboardHost host)
    {
        var estate = new EstateService(
            host.Services.GetRequiredService<JitDashboard.Platform.Arm.ISubscriptionsClient>(),
            host.Services.GetRequiredService<IInventorySource>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JitDashboard.Platform.Arm.ArmOptions>>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EstateOptions>>(),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EstateService>.Instance);
        await estate.RefreshAsync();
        return estate.Snapshot;
    }

    private static string HealthyNonClassicSubscription(EstateSnapshot snapshot) => snapshot.SubscriptionStatuses.Values
        .Where(s => s.Health == SubscriptionHealth.Healthy)
        .Where(s => !snapshot.Machines.Any(m => m.SubscriptionId == s.Subscription.SubscriptionId && IsClassic(m)))
        .OrderByDescending(s => snapshot.Machines.Count(m => m.SubscriptionId == s.Subscription.SubscriptionId))
        .First().Subscription.SubscriptionId;

    private static bool IsClassic(EstateMachine m) => m.Id.Contains("/Microsoft.ClassicCompute/", StringComparison.OrdinalIgnoreCase);

    private static async Task<JsonElement> SubscriptionItemAsync(DashboardHost host, string sub)
    {
        using var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await host.TokenAsync("dave@contoso.test"));
        var body = await api.GetFromJsonAsync<JsonElement>("api/v1/subscriptions");
        return body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("subscriptionId").GetString() == sub);
    }

    [Fact]
    public async Task SubscriptionDeniedOutright_IsUnavailable_AuthorizationFailedWithFix_TheOthersAllListed()
    {
        // Configured by id: a subscription the caller cannot read is not even listed by GET /subscriptions (as in ARM).
        await using var probe = await DashboardHost.StartAsync();
        var before = await probe.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);
        var settings = new Dictionary<string, string?>(NoRetries);
        for (var i = 0; i < before.Subscriptions.Count; i++) settings[$"Arm:SubscriptionIds:{i}"] = before.Subscriptions[i].SubscriptionId;
        await using var host = await DashboardHost.StartAsync(settings);
        await host.LoadedEstateAsync();

        await ConditionsAsync(host, sub, new { deniedActions = new[] { "*" } });
        var after = await FreshLoadAsync(host);

        var status = after.SubscriptionStatuses[sub];
        Assert.Equal(SubscriptionHealth.Unavailable, status.Health);
        // Every source refused, each naming the action to grant.
        Assert.Contains(status.Problems, p => p.Source == "VirtualMachines");
        Assert.All(status.Problems, p => Assert.Equal("AuthorizationFailed", p.ErrorCode));
        Assert.All(status.Problems, p => Assert.Contains("Grant the dashboard's identity", p.Fix, StringComparison.Ordinal));
        Assert.DoesNotContain(after.Machines, m => m.SubscriptionId == sub);
        foreach (var other in before.Machines.Where(m => m.SubscriptionId != sub))
        {
            var now = after.Machines.Single(m => m.Id == other.Id);
            Assert.Equal(other.Facts.JitStatus, now.Facts.JitStatus);
            Assert.Equal(other.Facts.Ports.Select(p => p.Exposure), now.Facts.Ports.Select(p => p.Exposure));
        }

        // A fresh load through the app's own service, then the API.
        await RefreshAsync(host);
        var item = await SubscriptionItemAsync(host, sub);
        Assert.Equal("Unavailable", item.GetProperty("health").GetString());
        var apiProblem = item.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("errorCode").GetString() == "AuthorizationFailed");
        Assert.False(string.IsNullOrWhiteSpace(apiProblem.GetProperty("fix").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(apiProblem.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task NrpTransient409OnTheNicList_KeepsTheLastGoodList_MarkedStale_NotEmpty()
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);

        await FaultAsync(host, new
        {
            method = "GET", pathContains = $"/subscriptions/{sub}/providers/Microsoft.Network/networkInterfaces?", status = 409, count = 100,
            errorCode = "SubscriptionNotRegistered", message = $"Subscription {sub} is not registered with NRP.",
        });
        var after = await RefreshAsync(host);

        var problem = AssertKeptAndStale(before, after, sub, "NetworkInterfaces");
        Assert.Equal("SubscriptionNotRegistered", problem.ErrorCode);
        Assert.NotNull(problem.LastSuccessAt);
    }

    [Fact]
    public async Task ProviderError502OnThePublicIpList_SourceFailed_ExposureUnknown_TheRestLoads()
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);

        await FaultAsync(host, new
        {
            method = "GET", pathContains = $"/subscriptions/{sub}/providers/Microsoft.Network/publicIPAddresses?", status = 502, count = 100,
            errorCode = "ProviderError", message = "The resource provider Microsoft.Network returned an error.",
        });
        var after = await FreshLoadAsync(host);

        Assert.Equal(before.Machines.Count, after.Machines.Count);
        var problem = Assert.Single(after.SubscriptionStatuses[sub].Problems);
        Assert.Equal("PublicIpAddresses", problem.Source);
        Assert.Equal("ProviderError", problem.ErrorCode);
        var machines = after.Machines.Where(m => m.SubscriptionId == sub && m.Vm.ScaleSetId is null).ToList();
        Assert.NotEmpty(machines);
        Assert.All(machines, m => Assert.All(m.Facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure)));
        Assert.All(machines, m => Assert.Contains("ProviderError", m.Facts.UnknownReasons["exposure"], StringComparison.Ordinal));
        // JIT policies were read: status known.
        Assert.All(machines, m => Assert.Equal(before.Machines.Single(b => b.Id == m.Id).Facts.JitStatus == JitStatus.Configured, m.Facts.JitStatus == JitStatus.Configured));
        Assert.All(after.Machines.Where(m => m.SubscriptionId != sub),
            m => Assert.Equal(before.Machines.Single(b => b.Id == m.Id).Facts.Ports.Select(p => p.Exposure), m.Facts.Ports.Select(p => p.Exposure)));
    }

    [Theory]
    [InlineData("Microsoft.Network/networkInterfaces/read", "NetworkInterfaces")]
    [InlineData("Microsoft.Network/publicIPAddresses/read", "PublicIpAddresses")]
    public async Task NetworkReadDenied_ExposureUnknown_NamingTheAction_EverythingElseLoads(string action, string source)
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);

        await ConditionsAsync(host, sub, new { deniedActions = new[] { action } });
        var after = await RefreshAsync(host);

        Assert.Equal(before.Machines.Count, after.Machines.Count);
        var problem = Assert.Single(after.SubscriptionStatuses[sub].Problems);
        Assert.Equal(source, problem.Source);
        Assert.Equal("AuthorizationFailed", problem.ErrorCode);
        Assert.False(problem.Stale);
        Assert.Contains(action, problem.Fix + " " + problem.Message, StringComparison.OrdinalIgnoreCase);
        var machines = after.Machines.Where(m => m.SubscriptionId == sub && m.Vm.ScaleSetId is null).ToList();
        Assert.All(machines, m => Assert.All(m.Facts.Ports, p => Assert.Equal(PortExposure.Unknown, p.Exposure)));
        Assert.All(machines, m => Assert.Contains(action, m.Facts.UnknownReasons["exposure"], StringComparison.OrdinalIgnoreCase));
        // VMs in a policy are still Configured; for the others NotConfigured needs the network: Unknown, never guessed.
        Assert.All(machines, m => Assert.Equal(before.Machines.Single(b => b.Id == m.Id).Facts.JitStatus == JitStatus.Configured, m.Facts.JitStatus == JitStatus.Configured));
        Assert.DoesNotContain(machines, m => m.Facts.JitStatus == JitStatus.NotConfigured);
        Assert.All(after.Machines.Where(m => m.SubscriptionId != sub),
            m => Assert.Equal(before.Machines.Single(b => b.Id == m.Id).Facts.JitStatus, m.Facts.JitStatus));
    }

    [Theory]
    [InlineData("Microsoft.Security/secureScores/read", "SecureScores")]
    [InlineData("Microsoft.Security/pricings/read", "DefenderPlans")]
    public async Task DefenderReadDenied_ProblemNamesTheAction_MachinesLoad(string action, string source)
    {
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);

        await ConditionsAsync(host, sub, new { deniedActions = new[] { action } });
        var after = await RefreshAsync(host);

        var problem = Assert.Single(after.SubscriptionStatuses[sub].Problems);
        Assert.Equal(source, problem.Source);
        Assert.Equal("AuthorizationFailed", problem.ErrorCode);
        Assert.Contains(action, problem.Fix + " " + problem.Message, StringComparison.OrdinalIgnoreCase);
        // Machines, their exposure and JIT status are all read.
        foreach (var machine in after.Machines.Where(m => m.SubscriptionId == sub))
        {
            var was = before.Machines.Single(m => m.Id == machine.Id);
            Assert.Equal(was.Facts.Ports.Select(p => p.Exposure), machine.Facts.Ports.Select(p => p.Exposure));
            Assert.Equal(was.Facts.JitStatus, machine.Facts.JitStatus);
        }
        if (source == "SecureScores")
            Assert.False(after.SecureScores.ContainsKey(sub), "an unreadable secure score is left out, never a default");
    }

    [Fact]
    public async Task PascalCaseErrorBody_OnADisabledSubscriptionsSecureScore_KeepsArmsCodeAndMessage()
    {
        const string message = "The entity was not found in this Azure location.";
        await using var host = await DashboardHost.StartAsync(NoRetries);
        var before = await host.LoadedEstateAsync();
        var sub = HealthyNonClassicSubscription(before);

        await ConditionsAsync(host, sub, new { state = "Disabled" });
        await FaultAsync(host, new
        {
            method = "GET", pathContains = $"/subscriptions/{sub}/providers/Microsoft.Security/secureScores", status = 404, count = 100,
            errorCode = "ResourceNotFound", message, pascalCase = true,
        });
        await FreshLoadAsync(host);
        await RefreshAsync(host);

        var item = await SubscriptionItemAsync(host, sub);
        var problem = item.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("source").GetString() == "SecureScores");
        Assert.Equal("ResourceNotFound", problem.GetProperty("errorCode").GetString());
        Assert.Contains(message, problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComputeHighCostThrottling_HonoursRetryAfter_KeepsTheLastGoodVmList_MarkedStale()
    {
        await using var host = await DashboardHost.StartAsync();
        var before = await host.LoadedEstateAsync();
        var simulator = host.Simulator();
        // Compute's HighCostGet30Min bucket runs dry and refills slowly: Retry-After far beyond what a read waits for.
        simulator.Options.HighCostBucketCapacity = 0;
        simulator.Options.HighCostRefillPerSecond = 0.001;
        simulator.RequestLog.Clear();

        var throttled = await RefreshAsync(host);
        var first = simulator.RequestLog.Snapshot().Count(r => r.Method == "GET" && r.Path.EndsWith("/providers/Microsoft.Compute/virtualMachines", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(first, 1, 2 * before.Subscriptions.Count);
        Assert.Contains(simulator.RequestLog.Snapshot(), r => r.Status == 429);

        Assert.Equal(before.Machines.Count, throttled.Machines.Count);
        var problems = throttled.SubscriptionStatuses.Values.SelectMany(s => s.Problems).Where(p => p.Source == "VirtualMachines").ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.Equal("OperationNotAllowed", p.ErrorCode));
        Assert.All(problems, p => Assert.True(p.Stale));

        // Asked again before Retry-After has passed: the app does not call the throttled list again.
        await RefreshAsync(host);
        var second = simulator.RequestLog.Snapshot().Count(r => r.Method == "GET" && r.Path.EndsWith("/providers/Microsoft.Compute/virtualMachines", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(first, second);
    }
}
