using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Features.Audit;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>Issue 18's bulk run: woken by the request (not its poll), one read and one write per policy, batched records.</summary>
public sealed class BulkRunTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-bulk-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    [Fact]
    public async Task WithAnHourlyPoll_TheRequestWakesTheRunner_OneGetAndOnePutPerPolicy_EveryVmReportedAndAudited()
    {
        // The runner's poll and the watch's fallback poll are an hour: only the signal and the runner's events can end this.
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Policies:PollInterval"] = "01:00:00" });
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && m.Facts.Exposed && m.Name.Length + 7 <= 56).ToList();

        // Only the runner's own calls from here: the estate's event-driven reads happen after the writes.
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value, TimeSpan.FromSeconds(90));

        Assert.Equal(selected.Count, done.Results.Count);
        Assert.Equal(0, done.Pending);
        var byId = selected.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        var written = done.Results.Where(r => r.Status == JitOperationItemStatus.Succeeded).Select(r => PolicyPlanner.KeyFor(byId[r.MachineId])).Distinct().ToList();
        Assert.True(written.Count >= 2, $"Several policies should have been written ({written.Count}).");
        var log = (await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests"))!["items"]!.AsArray()
            .Select(i => ((string)i!["method"]!, (string)i["path"]!)).Where(r => r.Item2.Contains("jitNetworkAccessPolicies", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(written.Count, log.Count(r => r.Item1 == "PUT"));
        // Per policy the writer's one GET, then its one PUT (later GETs are the refresh's and the events').
        foreach (var policy in written)
        {
            var calls = log.Where(r => r.Item2.TrimEnd('/').Equals(policy.Id, StringComparison.OrdinalIgnoreCase)).Select(r => r.Item1).ToList();
            Assert.Equal(["GET", "PUT"], calls.Take(2));
            Assert.Single(calls, c => c == "PUT");
        }

        var audit = await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = AuditActions.JitPolicyApplied, PageSize = 500 });
        Assert.All(selected, m => Assert.Single(audit.Events, e => e.Target == m.Id));
        var verified = await host.Services.GetRequiredService<IAuditLog>().VerifyAsync();
        Assert.True(verified.IsValid, verified.Message);
    }
}
