using System.Net.Http.Json;
using JitDashboard.Platform.Estate;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>The simulator's failure controls, as the real-subscription tests use them, and a refresh that waits for them.</summary>
internal static class SimulatorFaults
{
    /// <summary>No pipeline retries: a failure surfaces at once (the retries themselves are tested elsewhere).</summary>
    public static readonly IReadOnlyDictionary<string, string?> NoRetries = new Dictionary<string, string?> { ["Arm:MaxRetries"] = "0" };

    /// <summary>A fault rule (<c>POST /_simulator/faults</c>).</summary>
    public static async Task FaultAsync(DashboardHost host, object fault)
    {
        using var sim = host.CreateSimulatorClient();
        using var response = await sim.PostAsJsonAsync("/_simulator/faults", fault);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task ClearFaultsAsync(DashboardHost host)
    {
        using var sim = host.CreateSimulatorClient();
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();
    }

    /// <summary>A subscription's conditions (<c>PUT /_simulator/subscriptions/{id}/conditions</c>).</summary>
    public static async Task ConditionsAsync(DashboardHost host, string sub, object conditions)
    {
        using var sim = host.CreateSimulatorClient();
        using var response = await sim.PutAsJsonAsync($"/_simulator/subscriptions/{sub}/conditions", conditions);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A refresh that starts after the caller's change (one already in flight may predate it).</summary>
    public static async Task<EstateSnapshot> RefreshAsync(DashboardHost host)
    {
        var estate = host.Services.GetRequiredService<IEstateService>();
        await estate.RefreshAfterChangeAsync();
        return estate.Snapshot;
    }

    /// <summary>
    /// After a source of <paramref name="sub"/> failed: every VM is still listed, the subscription's VMs keep what the
    /// last good read showed, and the subscription is Degraded with one stale problem for that source (returned).
    /// </summary>
    public static SubscriptionProblem AssertKeptAndStale(EstateSnapshot before, EstateSnapshot after, string sub, string source)
    {
        Assert.Equal(before.Machines.Count, after.Machines.Count);
        foreach (var machine in after.Machines.Where(m => m.SubscriptionId == sub))
        {
            var was = before.Machines.Single(m => m.Id == machine.Id);
            Assert.Equal(was.Facts.Ports.Select(p => p.Exposure), machine.Facts.Ports.Select(p => p.Exposure));
            Assert.Equal(was.Facts.Exposed, machine.Facts.Exposed);
            Assert.Equal(was.Facts.JitStatus, machine.Facts.JitStatus);
        }
        var status = after.SubscriptionStatuses[sub];
        Assert.Equal(SubscriptionHealth.Degraded, status.Health);
        var problem = Assert.Single(status.Problems, p => p.Source == source);
        Assert.True(problem.Stale);
        return problem;
    }
}
