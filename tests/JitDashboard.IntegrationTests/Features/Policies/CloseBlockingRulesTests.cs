using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>The apply's opt-in "close the custom allow rules that keep these ports open", and its Undo, against the simulator.</summary>
public sealed class CloseBlockingRulesTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-rules-" + Guid.NewGuid().ToString("N"));

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

    private static async Task<List<JsonNode>> WritesAsync(HttpClient sim)
    {
        var log = await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        return [.. log!["items"]!.AsArray().OfType<JsonNode>().Where(i => (string?)i["method"] is "PUT" or "DELETE")];
    }

    [Fact]
    public async Task Apply_WithCloseBlockingRules_DeletesOrRewritesTheRules_ExposureClosed_AndUndoRestoresThemExactly()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var byName = snapshot.Machines.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);
        // A rule covering JIT ports only (NIC), rules covering other ports too (NIC), and a subnet NSG rule.
        var delete = snapshot.Machines.First(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && m.Name.StartsWith("vm-web-prod-", StringComparison.Ordinal)
            && m.Facts.Ports.Any(p => p.Paths.Any(path => path.Steps.Any(s => s.Decisive && s.RuleName == "allow-rdp-any"))));
        var rewrite = snapshot.Machines.First(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured
            && m.Facts.Ports.Any(p => p.Paths.Any(path => path.Steps.Any(s => s.Decisive && s.RuleName == "allow-ssh-https"))));
        var range = snapshot.Machines.First(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured
            && m.Facts.Ports.Any(p => p.Paths.Any(path => path.Steps.Any(s => s.Decisive && s.RuleName == "allow-rdp-range"))));
        var subnet = byName["vm-web-dev-04"];
        Assert.True(subnet.Facts.Exposed);
        var selected = new[] { delete, rewrite, range, subnet };
        var ids = selected.Select(m => m.Id).ToList();
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");

        // Dry run: the plan per rule, nothing written.
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var dry = await alice.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids, dryRun = true, closeBlockingRules = true });
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var planned = (await dry.Content.ReadFromJsonAsync<JsonObject>())!["ruleChanges"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Empty(await WritesAsync(sim));
        JsonObject Planned(string rule, string machineId) => planned.Single(r => (string?)r["ruleName"] == rule
            && r["machineIds"]!.AsArray().Any(id => string.Equals((string?)id, machineId, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("Delete", (string?)Planned("allow-rdp-any", delete.Id)["action"]);
        var rewritten = Planned("allow-ssh-https", rewrite.Id);
        Assert.Equal("Rewrite", (string?)rewritten["action"]);
        Assert.Equal(["22", "443"], rewritten["portsBefore"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(["443"], rewritten["portsAfter"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(["3380-3388", "3390"], Planned("allow-rdp-range", range.Id)["portsAfter"]!.AsArray().Select(p => (string?)p));
        var subnetRule = Planned("allow-mgmt-any", subnet.Id);
        Assert.Equal("Subnet", (string?)subnetRule["level"]);
        Assert.Equal("Delete", (string?)subnetRule["action"]);
        Assert.Contains("vm-web-dev-internal-01", subnetRule["otherAffectedVms"]!.AsArray().Select(n => (string?)n));

        // The rules as they are now, to compare after Undo.
        var network = host.Services.GetRequiredService<NetworkClient>();
        var originals = new Dictionary<string, JsonObject>();
        foreach (var r in planned)
            originals[(string)r["nsgId"]! + "|" + (string)r["ruleName"]!] = (await network.GetSecurityRuleJsonAsync((string)r["nsgId"]!, (string)r["ruleName"]!))!;

        var accepted = await alice.PostAsJsonAsync("api/v1/jit/apply", new { machineIds = ids, closeBlockingRules = true });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var done = await host.WaitAsync(Guid.Parse((string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["operationId"]!));
        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
        Assert.Equal(planned.Count, done.RuleChanges.Count);
        Assert.All(done.RuleChanges, c => Assert.Equal(JitRuleChangeStatus.Succeeded, c.Status));

        // The estate now says Configured and Closed on every JIT port.
        var after = (await host.LoadedEstateAsync()).Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var m in selected)
        {
            Assert.Equal(JitStatus.Configured, after[m.Id].Facts.JitStatus);
            Assert.False(after[m.Id].Facts.Exposed, $"{m.Name} is still exposed: {string.Join(" ", after[m.Id].Facts.Ports.Where(p => p.Exposure == PortExposure.Open).Select(p => p.Reason))}");
        }
        Assert.Null(await network.GetSecurityRuleJsonAsync(delete.Facts.Nics[0].NicNsgId!, "allow-rdp-any"));
        var status = await alice.GetFromJsonAsync<JsonObject>($"api/v1/operations/{done.Id}");
        Assert.Equal(planned.Count, status!["ruleChanges"]!.AsArray().Count);

        // Undo: dry run lists, writes nothing; then every rule is back exactly as it was.
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var undoPreview = await alice.PostAsJsonAsync($"api/v1/operations/{done.Id}/undo-rule-changes", new { dryRun = true });
        Assert.Equal(HttpStatusCode.OK, undoPreview.StatusCode);
        Assert.Equal(planned.Count, (await undoPreview.Content.ReadFromJsonAsync<JsonObject>())!["ruleChanges"]!.AsArray().Count);
        Assert.Empty(await WritesAsync(sim));
        using var dave = await host.CreateApiClientAsync("dave@contoso.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsJsonAsync($"api/v1/operations/{done.Id}/undo-rule-changes", new { })).StatusCode);

        var undo = await alice.PostAsJsonAsync($"api/v1/operations/{done.Id}/undo-rule-changes", new { });
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        Assert.All((await undo.Content.ReadFromJsonAsync<JsonObject>())!["ruleChanges"]!.AsArray(), r => Assert.Equal("Restored", (string?)r!["status"]));
        foreach (var (key, original) in originals)
        {
            var parts = key.Split('|');
            var restored = await network.GetSecurityRuleJsonAsync(parts[0], parts[1]);
            Assert.NotNull(restored);
            Assert.True(RuleClosurePlanner.SameRule(original, restored), $"{parts[1]}: {restored.ToJsonString()} vs {original.ToJsonString()}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await alice.PostAsJsonAsync($"api/v1/operations/{Guid.NewGuid()}/undo-rule-changes", new { })).StatusCode);
    }
}
