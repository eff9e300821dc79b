using JitDashboard.Features.Audit;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Policies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>Bulk apply and remove through the app's services against the embedded simulator's ARM.</summary>
public sealed class JitOperationsAgainstSimulatorTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-policies-" + Guid.NewGuid().ToString("N"));

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

    /// <summary>Exposed, not configured, supported VMs: preferring resource groups whose default policy already holds other VMs.</summary>
    internal static List<EstateMachine> Candidates(EstateSnapshot snapshot)
    {
        var exposed = snapshot.Machines
            .Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && m.Name.Length + 7 <= 56)
            .ToList();
        var withPolicy = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured).Select(m => JitPolicyId.Parse(m.Facts.JitPolicyId)).OfType<JitPolicyId>().ToHashSet();
        // Round-robin over the policies, so any prefix of the list spans resource groups.
        var groups = exposed.GroupBy(PolicyPlanner.KeyFor).OrderByDescending(g => withPolicy.Contains(g.Key)).Select(g => g.ToList()).ToList();
        return [.. groups.SelectMany(g => g.Select((m, i) => (m, i))).OrderBy(x => x.i).ThenBy(x => groups.FindIndex(g => g.Contains(x.m))).Select(x => x.m)];
    }

    private static async Task<List<JsonNode>> ArmRequestsAsync(HttpClient sim, string method)
    {
        var log = await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        return [.. log!["items"]!.AsArray().OfType<JsonNode>().Where(i => (string?)i["method"] == method && ((string?)i["path"])!.Contains("jitNetworkAccessPolicies", StringComparison.OrdinalIgnoreCase))];
    }

    [Fact]
    public async Task Apply_AcrossResourceGroups_OneWritePerPolicy_KeepsOtherVms_AndEstateShowsConfigured()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = Candidates(snapshot).Take(8).ToList();
        Assert.True(selected.Count >= 3, "the demo estate should have exposed, unconfigured VMs");
        var keys = selected.Select(PolicyPlanner.KeyFor).Distinct().ToList();
        Assert.True(keys.Select(k => k.ResourceGroup).Distinct().Count() >= 2, "the selection should span resource groups");

        // The VMs already in those policies before the apply.
        var security = host.Services.GetRequiredService<SecurityClient>();
        var before = new Dictionary<JitPolicyId, List<string>>();
        foreach (var key in keys)
            before[key] = [.. ((await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name))?.Properties.VirtualMachines ?? []).Select(v => v.Id)];
        Assert.Contains(before.Values, v => v.Count > 0);

        var preview = await host.Operations.PreviewAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)]);
        Assert.True(preview.IsValid);
        Assert.Equal(keys.Count, preview.Policies.Count);
        Assert.Equal(before.Values.Sum(v => v.Count), preview.Policies.Sum(p => p.OtherVmsKept));

        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value);

        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
        Assert.Equal(selected.Count, done.Succeeded);
        Assert.Equal(keys.Count, (await ArmRequestsAsync(sim, "PUT")).Count);

        foreach (var key in keys)
        {
            var after = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            var ids = after!.Properties.VirtualMachines.Select(v => v.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.All(before[key], id => Assert.Contains(id, ids));
            Assert.All(selected.Where(m => PolicyPlanner.KeyFor(m).Equals(key)), m => Assert.Contains(m.Id, ids));
        }

        // The runner refreshes the estate when it finishes; on a loaded machine that refresh (or one already under way
        // when the operation ended) can land a moment after the operation reads done, so wait for it, within a limit.
        var estate = host.Services.GetRequiredService<IEstateService>();
        var refreshed = await WaitForSnapshotAsync(estate,
            s => selected.All(m => PolicyPlanner.Index(s.Machines)[m.Id].Facts.JitStatus == JitStatus.Configured), TimeSpan.FromSeconds(60));
        Assert.All(selected, m => Assert.Equal(JitStatus.Configured, refreshed[m.Id].Facts.JitStatus));

        // Audited per VM.
        var audit = await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = AuditActions.JitPolicyApplied, PageSize = 500 });
        Assert.All(selected, m => Assert.Contains(audit.Events, e => e.Target == m.Id && e.Outcome == AuditOutcome.Succeeded && e.Actor == "alice@contoso.test"));
    }

    [Fact]
    public async Task Remove_TakesVmsOut_AndDeletesThePolicyWhenEmpty()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var security = host.Services.GetRequiredService<SecurityClient>();

        // A policy's every VM (so it empties) and one VM of another policy that keeps others.
        var byPolicy = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.Configured)
            .GroupBy(m => JitPolicyId.Parse(m.Facts.JitPolicyId)!).OrderBy(g => g.Count()).ToList();
        Assert.True(byPolicy.Count >= 2);
        var emptied = byPolicy[0];
        var partial = byPolicy.First(g => g.Count() >= 2 && !g.Key.Equals(emptied.Key));
        var ids = emptied.Select(m => m.Id).Append(partial.First().Id).ToList();

        var preview = await host.Operations.PreviewAsync(JitOperationKind.Remove, ids);
        Assert.True(preview.Policies.Single(p => p.Key.Equals(emptied.Key)).DeletesPolicy);
        Assert.False(preview.Policies.Single(p => p.Key.Equals(partial.Key)).DeletesPolicy);

        var start = await host.Operations.StartAsync(JitOperationKind.Remove, ids, null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value);

        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
        Assert.Null(await security.GetJitPolicyAsync(emptied.Key.SubscriptionId, emptied.Key.ResourceGroup, emptied.Key.Location, emptied.Key.Name));
        var kept = await security.GetJitPolicyAsync(partial.Key.SubscriptionId, partial.Key.ResourceGroup, partial.Key.Location, partial.Key.Name);
        Assert.DoesNotContain(kept!.Properties.VirtualMachines, v => string.Equals(v.Id, partial.First().Id, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(partial.Count() - 1, kept.Properties.VirtualMachines.Count);
        Assert.Single(await ArmRequestsAsync(sim, "DELETE"));
    }

    [Fact]
    public async Task InjectedThrottlingAndServerErrors_EveryVmEndsSucceededOrFailed_NoneLost()
    {
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Arm:MaxRetries"] = "1" });
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = Candidates(snapshot).Take(10).ToList();

        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", status = 429, retryAfterSeconds = 1, count = 3 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", status = 500, count = 2 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "GET", pathContains = "jitNetworkAccessPolicies", status = 503, count = 2 })).EnsureSuccessStatusCode();

        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value, TimeSpan.FromMinutes(3));

        Assert.Equal(selected.Count, done.Total);
        Assert.Equal(0, done.Pending);
        Assert.All(done.Results, r => Assert.True(
            r.Status == JitOperationItemStatus.Succeeded || (r.Status == JitOperationItemStatus.Failed && !string.IsNullOrEmpty(r.Error)),
            $"{r.MachineName}: {r.Status} {r.Error}"));
        // The faults were transient: retries absorb them.
        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
    }

    [Fact]
    public async Task RandomThrottlingAndServerErrors_OnEveryExposedVm_WithRuleClosing_EveryVmAndRuleIsAccountedFor()
    {
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Arm:MaxRetries"] = "1" });
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        Assert.True(selected.Select(PolicyPlanner.KeyFor).Distinct().Count() >= 5);

        // Faults by chance on policy and rule writes and reads, not a fixed count: any call may meet one.
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", status = 429, retryAfterSeconds = 1, probability = 0.3 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "jitNetworkAccessPolicies", status = 500, probability = 0.2 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "GET", pathContains = "jitNetworkAccessPolicies", status = 503, probability = 0.1 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "DELETE", pathContains = "securityRules", status = 429, retryAfterSeconds = 1, probability = 0.3 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = "securityRules", status = 500, probability = 0.3 })).EnsureSuccessStatusCode();

        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test", closeBlockingRules: true);
        var done = await host.WaitAsync(start.OperationId!.Value, TimeSpan.FromMinutes(5));
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();

        // None lost: every VM is in the result, applied or failed with ARM's error (or skipped with its reason).
        Assert.Equal(selected.Select(m => m.Id).Order(StringComparer.OrdinalIgnoreCase), done.Results.Select(r => r.MachineId).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(0, done.Pending);
        Assert.All(done.Results, r => Assert.True(
            r.Status == JitOperationItemStatus.Succeeded || !string.IsNullOrEmpty(r.Error), $"{r.MachineName}: {r.Status} {r.Error}"));
        Assert.All(done.RuleChanges, c => Assert.True(
            c.Status == JitRuleChangeStatus.Succeeded || !string.IsNullOrEmpty(c.Error), $"{c.RuleName}: {c.Status} {c.Error}"));
        Assert.DoesNotContain(done.RuleChanges, c => c.Status == JitRuleChangeStatus.Pending);

        // What ARM holds agrees with the report: every VM reported applied is in its policy.
        var security = host.Services.GetRequiredService<SecurityClient>();
        foreach (var group in done.Results.Where(r => r.Status == JitOperationItemStatus.Succeeded).GroupBy(r => r.PolicyId, StringComparer.OrdinalIgnoreCase))
        {
            var key = JitPolicyId.Parse(group.Key)!;
            var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            var ids = (policy?.Properties.VirtualMachines ?? []).Select(v => v.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.All(group, r => Assert.Contains(r.MachineId, ids));
        }
    }

    [Fact]
    public async Task PersistentFailure_ReportsArmError_AndRetryFailedOnlyFinishesTheJob()
    {
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Arm:MaxRetries"] = "0", ["Policies:MaxAttempts"] = "2" });
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var selected = Candidates(snapshot).Take(8).ToList();
        var failingRg = PolicyPlanner.KeyFor(selected[0]).ResourceGroup;
        Assert.Contains(selected, m => m.ResourceGroup != failingRg);

        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "PUT", pathContains = $"/resourceGroups/{failingRg}/", status = 500, count = 1000 })).EnsureSuccessStatusCode();
        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [.. selected.Select(m => m.Id)], null, "alice@contoso.test");
        var done = await host.WaitAsync(start.OperationId!.Value);

        Assert.Equal(JitOperationStatus.PartiallySucceeded, done.Status);
        var failed = done.Results.Where(r => r.Status == JitOperationItemStatus.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.Contains(failingRg, r.PolicyId, StringComparison.OrdinalIgnoreCase));
        Assert.All(failed, r => Assert.False(string.IsNullOrEmpty(r.Error)));
        Assert.All(failed, r => Assert.Equal(2, r.Attempts));

        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();
        var retryId = await host.Operations.RetryFailedAsync(done.Id, "alice@contoso.test");
        var retried = await host.WaitAsync(retryId!.Value);
        Assert.Equal(JitOperationStatus.Succeeded, retried.Status);
        Assert.Equal(failed.Select(f => f.MachineId).Order(), retried.Results.Select(r => r.MachineId).Order());
    }

    [Fact]
    public async Task BadInput_ListsEachItem_AndWritesNothing()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        using var sim = host.CreateSimulatorClient();
        var snapshot = await host.LoadedEstateAsync();
        var good = Candidates(snapshot)[0].Id;
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        var start = await host.Operations.StartAsync(JitOperationKind.Apply, [good, good, "/subscriptions/nope/resourceGroups/x/providers/Microsoft.Compute/virtualMachines/y"], null, "alice@contoso.test");
        Assert.Null(start.OperationId);
        Assert.Equal(["machineIds[1]", "machineIds[2]"], start.Errors.Keys.Order());

        var empty = await host.Operations.StartAsync(JitOperationKind.Remove, [], null, "alice@contoso.test");
        Assert.True(empty.Errors.ContainsKey("machineIds"));

        var unknownTemplate = await host.Operations.StartAsync(JitOperationKind.Apply, [good], Guid.NewGuid(), "alice@contoso.test");
        Assert.True(unknownTemplate.Errors.ContainsKey("templateId"));

        var templates = host.Services.GetRequiredService<IPolicyTemplateService>();
        var badTemplate = await templates.CreateAsync(new PolicyTemplateInput("bad", null, [new PolicyTemplatePort { Number = 70000, MaxRequestAccessDuration = "PT25H" }]), "carol@contoso.test");
        Assert.False(badTemplate.Succeeded);
        Assert.Equal(["ports[0].maxRequestAccessDuration", "ports[0].number"], badTemplate.Errors.Keys.Order());

        await using var db = await host.Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.JitOperations().CountAsync());
        Assert.Equal(1, await db.PolicyTemplates().CountAsync());
        Assert.Empty(await ArmRequestsAsync(sim, "PUT"));
    }

    [Fact]
    public async Task Templates_SeededDefault_AndPerOsTemplateApplies()
    {
        await using var host = await PoliciesHost.StartAsync(_data);
        var templates = host.Services.GetRequiredService<IPolicyTemplateService>();

        var seeded = Assert.Single(await templates.ListAsync());
        Assert.True(seeded.IsDefault);
        Assert.Equal([22, 3389, 5985, 5986], seeded.Ports.Select(p => p.Number));
        Assert.All(seeded.Ports, p => Assert.Equal(("*", "PT3H"), (p.Protocol, p.MaxRequestAccessDuration)));

        var created = await templates.CreateAsync(new PolicyTemplateInput("Per OS", null,
        [
            new PolicyTemplatePort { Number = 22, OsType = "Linux", MaxRequestAccessDuration = "PT1H", AllowedSources = ["203.0.113.0/24"] },
            new PolicyTemplatePort { Number = 3389, OsType = "Windows" },
        ]), "carol@contoso.test");
        Assert.True(created.Succeeded);

        var snapshot = await host.LoadedEstateAsync();
        var linux = Candidates(snapshot).First(m => m.OsType == "Linux");
        var preview = await host.Operations.PreviewAsync(JitOperationKind.Apply, [linux.Id], created.Template!.Id);
        var planned = Assert.Single(Assert.Single(preview.Policies).Vms);
        var port = Assert.Single(planned.Ports);
        Assert.Equal((22, "PT1H", "203.0.113.0/24"), (port.Number, port.MaxRequestAccessDuration, port.AllowedSourceAddressPrefix));

        var audit = await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = PolicyAuditActions.TemplateChanged });
        Assert.Single(audit.Events);
    }

    [Fact]
    public async Task PendingOperation_IsResumedByANewHostOnTheSameDatabase()
    {
        Guid id;
        List<EstateMachine> selected;
        await using (var first = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Policies:PollInterval"] = "01:00:00" }))
        {
            var snapshot = await first.LoadedEstateAsync();
            selected = Candidates(snapshot).Take(4).ToList();
            // Persist the operation as if the process died before the runner got to it.
            var now = DateTimeOffset.UtcNow;
            var template = await first.Services.GetRequiredService<IPolicyTemplateService>().GetDefaultAsync();
            var operation = new JitOperation
            {
                Id = Guid.NewGuid(), Kind = JitOperationKind.Apply, RequestedBy = "alice@contoso.test", CreatedAt = now, UpdatedAt = now,
                Status = JitOperationStatus.Running, TemplateId = template.Id,
                Items = [.. selected.Select((m, i) => new JitOperationItem
                {
                    MachineId = m.Id, MachineName = m.Name, Position = i, PolicyId = PolicyPlanner.KeyFor(m).Id,
                    Ports = [.. template.PortsFor(m.OsType)], Status = JitOperationItemStatus.Pending, UpdatedAt = now,
                })],
            };
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContextAsync();
            db.JitOperations().Add(operation);
            await db.SaveChangesAsync();
            id = operation.Id;
        }

        // The second host's simulator is a fresh copy of the demo estate: the same VMs, none applied yet.
        await using var second = await PoliciesHost.StartAsync(_data);
        var done = await second.WaitAsync(id);
        Assert.Equal(JitOperationStatus.Succeeded, done.Status);
        Assert.Equal(selected.Count, done.Succeeded);
        var security = second.Services.GetRequiredService<SecurityClient>();
        foreach (var m in selected)
        {
            var key = PolicyPlanner.KeyFor(m);
            var policy = await security.GetJitPolicyAsync(key.SubscriptionId, key.ResourceGroup, key.Location, key.Name);
            Assert.NotNull(PolicyMerge.Find(policy, m.Id));
        }
    }

    /// <summary>
    /// Waits on the estate's Changed event until a snapshot satisfies <paramref name="condition"/> (the current one
    /// included), and returns its machines by id; the timeout is a limit, not a timing assertion.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, EstateMachine>> WaitForSnapshotAsync(IEstateService estate, Func<EstateSnapshot, bool> condition, TimeSpan timeout)
    {
        var reached = new TaskCompletionSource<EstateSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(EstateSnapshot s)
        {
            if (condition(s)) reached.TrySetResult(s);
        }
        estate.Changed += OnChanged;
        try
        {
            OnChanged(estate.Snapshot);
            try
            {
                return PolicyPlanner.Index((await reached.Task.WaitAsync(timeout)).Machines);
            }
            catch (TimeoutException)
            {
                // The assertions below say which machines are not Configured yet.
                return PolicyPlanner.Index(estate.Snapshot.Machines);
            }
        }
        finally
        {
            estate.Changed -= OnChanged;
        }
    }
}
