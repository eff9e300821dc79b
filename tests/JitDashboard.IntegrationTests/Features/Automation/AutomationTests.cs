using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Features.Notifications;
using JitDashboard.Features.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Notifications;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Automation;

/// <summary>The "done when", on the real app with its embedded simulator and demo estate.</summary>
public sealed class AutomationTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "jit-automation-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    private static bool Exempt(EstateMachine m) => ScopeEvaluator.HasTag(m, "jit-exempt", "true");

    [Fact]
    public async Task ApplyRule_CoversEveryExposedInScopeVm_WithoutAClick_ThenDeletedDenyRuleComesBack_WithADriftAlert()
    {
        await using var host = await AutomationHost.StartAsync(_data);
        var snapshot = await host.LoadedEstateAsync();
        using var carol = await host.ApiAsync("carol");

        // Leave one subscription out of scope: one that has an exposed, unprotected VM of its own.
        var outside = snapshot.Machines
            .Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && !Exempt(m))
            .GroupBy(m => m.SubscriptionId).OrderBy(g => g.Count()).First().Key;
        var inScope = snapshot.Subscriptions.Select(s => s.SubscriptionId).Where(s => s != outside).ToList();
        Assert.NotEmpty(inScope);
        var expected = snapshot.Machines.Where(m => inScope.Contains(m.SubscriptionId) && !Exempt(m) && m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        var excluded = snapshot.Machines.Where(m => inScope.Contains(m.SubscriptionId) && Exempt(m) && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        var untouched = snapshot.Machines.Where(m => m.SubscriptionId == outside && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        Assert.NotEmpty(expected);
        Assert.NotEmpty(excluded);
        Assert.NotEmpty(untouched);

        await host.CreateRuleAsync(carol, new
        {
            name = "Protect exposed VMs",
            enabled = true,
            scope = new { subscriptionIds = inScope, resourceGroups = Array.Empty<string>(), tags = new Dictionary<string, string>() },
            exclusions = new { tags = new Dictionary<string, string> { ["jit-exempt"] = "true" }, machineIds = Array.Empty<string>() },
            mode = "Apply",
            triggers = new { exposure = true, assessment = false, webhook = false },
            maxActionsPerRun = 1000,
        });

        // Nobody clicks: the automation loop sees them on its refresh and applies JIT. The policies show as the writes
        // answered at once; the deny rules once the refresh after has read the NSGs back.
        var covered = await AutomationHost.UntilAsync(() =>
        {
            var byId = host.Snapshot.Machines.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
            return Task.FromResult(expected.All(m => byId[m.Id].Facts is { JitStatus: JitStatus.Configured, JitDenyRules.Count: > 0 }) ? byId : null);
        }, "every exposed in-scope VM Configured, its deny rules read");
        Assert.All(excluded, m => Assert.Equal(JitStatus.NotConfigured, covered[m.Id].Facts.JitStatus));
        Assert.All(untouched, m => Assert.Equal(JitStatus.NotConfigured, covered[m.Id].Facts.JitStatus));

        // The run history shows it: exposure runs that applied every expected VM (recorded once their operation
        // ends), and skipped the exempt ones with the reason.
        var runs = await AutomationHost.UntilAsync(async () =>
        {
            var all = await host.RunsAsync();
            var applied = all.Where(r => r.Trigger == AutomationTrigger.Exposure).SelectMany(r => r.Actions)
                .Where(a => a.Kind == AutomationActionKind.Apply && a.Status == AutomationActionStatus.Succeeded).Select(a => a.MachineId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var finished = all.Where(r => r.Trigger == AutomationTrigger.Exposure).All(r => r.Status != AutomationRunStatus.Running);
            return finished && expected.All(m => applied.Contains(m.Id)) ? all : null;
        }, "every expected VM recorded as applied");
        Assert.All(runs.Where(r => r.Trigger == AutomationTrigger.Exposure), r => Assert.Equal(AutomationRunStatus.Succeeded, r.Status));
        var skipped = runs.SelectMany(r => r.Actions).Where(a => a.Kind == AutomationActionKind.Skip).ToList();
        Assert.Contains(skipped, a => excluded.Any(e => e.Id == a.MachineId) && a.Reason == "Excluded by tag jit-exempt=true.");
        Assert.DoesNotContain(runs.SelectMany(r => r.Actions), a => a.Kind != AutomationActionKind.Skip && (excluded.Concat(untouched)).Any(e => e.Id == a.MachineId));

        var history = await carol.GetFromJsonAsync<JsonArray>("api/v1/automation/runs?trigger=Exposure");
        Assert.NotEmpty(history!);
        Assert.All(history!, r => Assert.Equal("Exposure", (string?)r!["trigger"]));

        // Drift: delete one VM's JIT deny rule through ARM, as someone in the portal would.
        var victim = covered.Values.First(m => expected.Any(e => e.Id == m.Id) && m.Facts.JitDenyRules.Count > 0);
        await AutomationHost.UntilAsync(async () => (await host.BaselineAsync(victim.Id)) is { DenyRules.Count: > 0 } b ? b : null, "baseline of the victim");
        var (nsgName, ruleName) = (victim.Facts.JitDenyRules[0].Split('/')[0], victim.Facts.JitDenyRules[0].Split('/')[1]);
        using var arm = await host.ArmAsync();
        var nsgs = await arm.GetFromJsonAsync<JsonObject>($"subscriptions/{victim.SubscriptionId}/providers/Microsoft.Network/networkSecurityGroups?api-version=2024-05-01");
        var nsgId = (string)nsgs!["value"]!.AsArray().First(n => string.Equals((string?)n!["name"], nsgName, StringComparison.OrdinalIgnoreCase))!["id"]!;
        var deleted = await arm.DeleteAsync($"{nsgId.TrimStart('/')}/securityRules/{ruleName}?api-version=2024-05-01");
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());

        var remediated = await AutomationHost.UntilAsync(async () =>
        {
            var run = (await host.RunsAsync()).FirstOrDefault(r => r.Trigger == AutomationTrigger.Drift
                && r.Actions.Any(a => a.MachineId == victim.Id && a.Kind == AutomationActionKind.Remediate && a.Status == AutomationActionStatus.Succeeded));
            var back = host.Snapshot.Machines.First(m => m.Id == victim.Id).Facts.JitDenyRules.Contains(victim.Facts.JitDenyRules[0], StringComparer.OrdinalIgnoreCase);
            return run is not null && back ? run : null;
        }, "the deny rule re-created by a drift run");
        Assert.Contains("deleted", remediated.Actions.First(a => a.MachineId == victim.Id).Reason);

        var alert = Assert.Single(host.Notifier.Events, e => e.Kind == NotificationKind.DriftDetected && e.Facts["VM"] == victim.Name);
        Assert.Equal("DenyRuleDeleted", alert.Facts["Drift"]);
        var audit = await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = AuditActions.AutomationDriftDetected, PageSize = 50 });
        Assert.Contains(audit.Events, e => e.Target == victim.Id && e.ActorKind == AuditActorKind.Automation);
    }

    [Fact]
    public async Task DryRun_RecordsOnly_WritesNothingToArm_AndNeverTouchesExcludedVms()
    {
        await using var host = await AutomationHost.StartAsync(_data);
        var snapshot = await host.LoadedEstateAsync();
        using var carol = await host.ApiAsync("carol");
        using var sim = host.Host.SimulatorClient();
        var exposed = snapshot.Machines.Where(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured).ToList();
        var exemptId = exposed.First(m => !Exempt(m)).Id;
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        var ruleId = await host.CreateRuleAsync(carol, new
        {
            name = "Dry run everything",
            scope = new { },
            exclusions = new { tags = new Dictionary<string, string> { ["jit-exempt"] = "true" }, machineIds = new[] { exemptId } },
            mode = "DryRun",
            triggers = new { exposure = true, assessment = true, webhook = false },
            maxActionsPerRun = 1000,
        });
        var accepted = await carol.PostAsync($"api/v1/automation/rules/{ruleId}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var runId = (string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["runId"]!;
        var run = await carol.GetFromJsonAsync<JsonObject>($"api/v1/automation/runs/{runId}");
        Assert.Equal("DryRun", (string?)run!["status"]);
        Assert.Equal("Manual", (string?)run["trigger"]);
        var actions = run["actions"]!.AsArray();
        Assert.All(exposed.Where(m => !Exempt(m) && m.Id != exemptId && m.Facts.JitStatus == JitStatus.NotConfigured && m.Facts.UnsupportedReason is null),
            m => Assert.Contains(actions, a => (string?)a!["machineId"] == m.Id && (string?)a["status"] == "WouldApply"));
        Assert.Contains(actions, a => (string?)a!["machineId"] == exemptId && (string?)a["status"] == "Skipped" && ((string?)a["reason"])!.Contains("excluded machines"));
        Assert.All(exposed.Where(Exempt), m => Assert.Contains(actions, a => (string?)a!["machineId"] == m.Id && (string?)a["reason"] == "Excluded by tag jit-exempt=true."));

        // The loop also runs the rule (an automatic dry run is recorded), and still writes nothing.
        await AutomationHost.UntilAsync(async () => (await host.RunsAsync()).FirstOrDefault(r => r.Trigger == AutomationTrigger.Exposure && r.Status == AutomationRunStatus.DryRun), "an automatic dry run");
        var log = await sim.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        var methods = log!["items"]!.AsArray().Select(i => (string)i!["method"]!).ToList();
        // Automation reads no ARM itself (issue 16: it reacts to the estate coordinator); whatever was read is a GET.
        Assert.All(methods, m => Assert.Equal("GET", m));
        Assert.All(exposed, m => Assert.Equal(JitStatus.NotConfigured, host.Snapshot.Machines.First(x => x.Id == m.Id).Facts.JitStatus));
    }

    [Fact]
    public async Task RequireApproval_WaitsForAnApprover_ThenAppliesOrRejects()
    {
        await using var host = await AutomationHost.StartAsync(_data);
        var snapshot = await host.LoadedEstateAsync();
        using var carol = await host.ApiAsync("carol");
        var group = snapshot.Machines.Where(m => m.Facts.JitStatus == JitStatus.NotConfigured && !Exempt(m))
            .GroupBy(m => (m.SubscriptionId, m.ResourceGroup)).First(g => g.Count() >= 2);
        var ruleId = await host.CreateRuleAsync(carol, new
        {
            name = "Approve first",
            scope = new { subscriptionIds = new[] { group.Key.SubscriptionId }, resourceGroups = new[] { group.Key.ResourceGroup } },
            mode = "RequireApproval",
            triggers = new { exposure = false, assessment = false, webhook = false },
            maxActionsPerRun = 2,
        });
        Assert.Equal(HttpStatusCode.Accepted, (await carol.PostAsync($"api/v1/automation/rules/{ruleId}/run", null)).StatusCode);

        using var bob = await host.ApiAsync("bob");
        var pending = await bob.GetFromJsonAsync<JsonArray>("api/v1/automation/approvals");
        Assert.Equal(2, pending!.Count);
        var first = (long)pending[0]!["action"]!["id"]!;
        var second = (long)pending[1]!["action"]!["id"]!;
        var firstVm = (string)pending[0]!["action"]!["machineId"]!;
        Assert.All(group.Take(2), m => Assert.Equal(JitStatus.NotConfigured, host.Snapshot.Machines.First(x => x.Id == m.Id).Facts.JitStatus));

        using var dave = await host.ApiAsync("dave");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsync($"api/v1/automation/actions/{first}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"api/v1/automation/actions/{first}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"api/v1/automation/actions/{second}/reject", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"api/v1/automation/actions/{second}/approve", null)).StatusCode);

        var run = await AutomationHost.UntilAsync(async () => (await host.RunsAsync()).FirstOrDefault(r => r.RuleId == ruleId && r.Status == AutomationRunStatus.Succeeded), "the approved run finished");
        Assert.Equal("bob@contoso.test", run.Actions.First(a => a.Id == first).DecidedBy);
        Assert.Equal(AutomationActionStatus.Rejected, run.Actions.First(a => a.Id == second).Status);
        await AutomationHost.UntilAsync(() => Task.FromResult(host.Snapshot.Machines.First(m => m.Id == firstVm).Facts.JitStatus == JitStatus.Configured ? "yes" : null), "approved VM Configured");
    }

    [Fact]
    public async Task RulesApi_AdminOnlyChanges_PerFieldErrors_AndAScopeMatchingNothingSaysSo()
    {
        await using var host = await AutomationHost.StartAsync(_data);
        await host.LoadedEstateAsync();
        using var carol = await host.ApiAsync("carol");
        using var dave = await host.ApiAsync("dave");
        using var alice = await host.ApiAsync("alice");
        var rule = new
        {
            name = "Nothing here",
            enabled = false,
            scope = new { subscriptionIds = Array.Empty<string>(), resourceGroups = new[] { "rg-does-not-exist" }, tags = new Dictionary<string, string>() },
            exclusions = new { tags = new Dictionary<string, string>(), machineIds = Array.Empty<string>() },
            mode = "Apply",
            triggers = new { exposure = true, assessment = true, webhook = true },
            maxActionsPerRun = 10,
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("api/v1/automation/rules", rule)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsJsonAsync("api/v1/automation/rules", rule)).StatusCode);

        var bad = await carol.PostAsJsonAsync("api/v1/automation/rules", new
        {
            name = "",
            scope = new { subscriptionIds = new[] { "nope" } },
            templateId = Guid.NewGuid(),
            mode = "Always",
            maxActionsPerRun = 5000,
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["maxActionsPerRun", "mode", "name", "scope.subscriptionIds[0]", "templateId"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty((await dave.GetFromJsonAsync<JsonArray>("api/v1/automation/rules"))!);

        var id = await host.CreateRuleAsync(carol, rule);
        var read = await dave.GetFromJsonAsync<JsonObject>($"api/v1/automation/rules/{id}");
        Assert.Equal("Nothing here", (string?)read!["name"]);
        Assert.Equal("Apply", (string?)read["mode"]);
        Assert.Equal(0, (int)read["matchingMachines"]!);
        Assert.Equal("The rule's scope matches no VM.", (string?)read["warning"]);
        Assert.Equal(["rg-does-not-exist"], read["scope"]!["resourceGroups"]!.AsArray().Select(g => (string?)g));

        var run = await carol.PostAsync($"api/v1/automation/rules/{id}/run", null);
        Assert.Equal("NoMatch", (string?)(await run.Content.ReadFromJsonAsync<JsonObject>())!["status"]);

        Assert.Equal(HttpStatusCode.NotFound, (await carol.PutAsJsonAsync($"api/v1/automation/rules/{Guid.NewGuid()}", rule)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await carol.PutAsJsonAsync($"api/v1/automation/rules/{id}", rule with { name = "Renamed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.DeleteAsync($"api/v1/automation/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await carol.DeleteAsync($"api/v1/automation/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await carol.DeleteAsync($"api/v1/automation/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await dave.GetAsync("api/v1/automation/runs?trigger=Sometimes")).StatusCode);

        var audit = await host.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { PageSize = 200 });
        Assert.Contains(audit.Events, e => e.Action == AuditActions.AutomationRuleCreated && e.Actor == "carol@contoso.test");
        Assert.Contains(audit.Events, e => e.Action == AuditActions.AutomationRuleUpdated && e.Target == "Renamed");
        Assert.Contains(audit.Events, e => e.Action == AuditActions.AutomationRuleDeleted);
    }

    [Fact]
    public async Task Webhook_SecretOrToken_EventGridHandshake_AndDefenderAssessmentAppliesJit()
    {
        const string Secret = "test-only-webhook-secret";
        await using var host = await AutomationHost.StartAsync(_data, new Dictionary<string, string?> { ["Automation:WebhookSecret"] = Secret });
        var snapshot = await host.LoadedEstateAsync();
        using var carol = await host.ApiAsync("carol");
        var target = snapshot.Machines.First(m => m.Facts.Exposed && m.Facts.JitStatus == JitStatus.NotConfigured && !Exempt(m));
        await host.CreateRuleAsync(carol, new
        {
            name = "Webhook only",
            mode = "Apply",
            exclusions = new { tags = new Dictionary<string, string> { ["jit-exempt"] = "true" } },
            triggers = new { exposure = false, assessment = false, webhook = true },
            maxActionsPerRun = 5,
        });
        using var anonymous = host.Host.CreateClient();

        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        var assessment = $$$$"""
            {"id":"{{{{target.Id}}}}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0","name":"805651bc-6ecd-4c73-9b55-97a19d0582d0",
             "type":"Microsoft.Security/assessments","properties":{"resourceDetails":{"source":"Azure","id":"{{{{target.Id}}}}"},"status":{"code":"Unhealthy"}}}
            """;
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("api/v1/automation/webhook", Json(assessment))).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "api/v1/automation/webhook") { Content = Json(assessment) })
        {
            wrong.Headers.Add("X-JitDashboard-Webhook-Secret", "guess");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);
        }
        using var dave = await host.ApiAsync("dave");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsync("api/v1/automation/webhook", Json(assessment))).StatusCode);

        // Event Grid's handshake, with an Operator's token.
        using var alice = await host.ApiAsync("alice");
        var handshake = await alice.PostAsync("api/v1/automation/webhook", Json("""
            [{"id":"1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://example.test/v"},"dataVersion":"1","metadataVersion":"1","eventTime":"2026-11-23T00:00:00Z"}]
            """));
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (string?)(await handshake.Content.ReadFromJsonAsync<JsonObject>())!["validationResponse"]);

        // Defender's workflow automation, with the shared secret.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/automation/webhook") { Content = Json(assessment) };
        request.Headers.Add("X-JitDashboard-Webhook-Secret", Secret);
        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal([target.Id.ToLowerInvariant()], body!["machineIds"]!.AsArray().Select(i => (string?)i));
        Assert.Single(body["runIds"]!.AsArray());

        await AutomationHost.UntilAsync(() => Task.FromResult(host.Snapshot.Machines.First(m => m.Id == target.Id).Facts.JitStatus == JitStatus.Configured ? "yes" : null), "webhook VM Configured");
        var run = Assert.Single(await host.RunsAsync(), r => r.Trigger == AutomationTrigger.Webhook);
        Assert.Equal(target.Id, Assert.Single(run.Actions).MachineId);
    }
}
