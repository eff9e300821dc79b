using JitDashboard.IntegrationTests.Features.Notifications;
using JitDashboard.IntegrationTests.Features.Policies;
using JitDashboard.Features.Access;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Features.Access;

/// <summary>The worker's scheduled starts, initiate retries against injected ARM faults, and the workflow's webhooks.</summary>
public sealed class AccessWorkflowTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "access-flow-" + Guid.NewGuid().ToString("N"));

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

    [Fact]
    public async Task ScheduledRequest_ApprovedEarly_IsInitiatedByTheWorkerWhenItsStartArrives()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var sim = host.CreateSimulatorClient();
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();

        // The API treats a start within a minute as "now", so file it for later through the API...
        var created = await alice.PostAsJsonAsync("api/v1/access-requests", new
        {
            machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "192.0.2.70", justification = "night patching",
            startTime = DateTimeOffset.UtcNow.AddMinutes(10),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).EnsureSuccessStatusCode();
        // The worker's passes after the approval leave a request whose start has not come alone.
        await WorkerPassesAsync(host.Services);
        Assert.Equal("Approved", (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["status"]);
        Assert.Equal(0, await InitiateCallsAsync(sim));
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "192.0.2.70"));

        // ...then bring its start to a few seconds from now, as if the ten minutes had passed.
        var factory = host.Services.GetRequiredService<IDbContextFactory<JitDashboard.Platform.Persistence.JitDbContext>>();
        var start = DateTimeOffset.UtcNow.AddSeconds(2);
        await using (var db = await factory.CreateDbContextAsync())
        {
            var row = await db.AccessRequests().SingleAsync(r => r.Id == Guid.Parse(id));
            row.ScheduledStart = start;
            await db.SaveChangesAsync();
        }

        var active = await WaitForStatusAsync(alice, id, "Active");
        Assert.NotEmpty(await AllowRulesAsync(host.Services, vm, "192.0.2.70"));
        Assert.Equal(1, await InitiateCallsAsync(sim));
        // The grant runs from the scheduled start for the requested hour, not from whenever the worker got to it.
        Assert.Equal(start + TimeSpan.FromHours(1), DateTimeOffset.Parse((string)active["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task InitiateThrottledThenFailing_IsRetriedWithinLimits_AndEndsActive()
    {
        await using var host = await PoliciesHost.StartAsync(_data, RetrySettings());
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var sim = host.CreateSimulatorClient();

        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        // Two 429s then two 500s: with one SDK retry per attempt that is two failed attempts, and the third succeeds.
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "POST", pathContains = "/initiate", status = 429, retryAfterSeconds = 0, count = 2 })).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "POST", pathContains = "/initiate", status = 500, count = 2 })).EnsureSuccessStatusCode();

        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "192.0.2.80"));
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).EnsureSuccessStatusCode();

        var active = await WaitForStatusAsync(alice, id, "Active", TimeSpan.FromSeconds(90));
        Assert.Null((string?)active["error"]);
        // Every injected fault was hit, and exactly one initiate went through.
        Assert.Equal([200, 429, 429, 500, 500], (await InitiateStatusesAsync(sim)).Select(x => x is >= 200 and < 300 ? 200 : x).Order().ToList());
        Assert.NotEmpty(await AllowRulesAsync(host.Services, vm, "192.0.2.80"));
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task InitiateAlwaysFailing_EndsFailedWithArmsError_AndNothingHalfDone()
    {
        await using var host = await PoliciesHost.StartAsync(_data, RetrySettings());
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var sim = host.CreateSimulatorClient();

        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "POST", pathContains = "/initiate", status = 500 })).EnsureSuccessStatusCode();
        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "192.0.2.90"));
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).EnsureSuccessStatusCode();

        var failed = await WaitForStatusAsync(alice, id, "Failed", TimeSpan.FromSeconds(90));
        var error = (string?)failed["error"];
        Assert.Contains("after 3 attempts", error, StringComparison.Ordinal);
        Assert.Contains("InternalServerError", error, StringComparison.Ordinal);
        Assert.Null(failed["endsAt"]);
        // Three attempts of two calls each (one SDK retry), then it stopped.
        Assert.Equal(Enumerable.Repeat(500, 6), await InitiateStatusesAsync(sim));

        // Once ARM recovers nothing is retried behind the user's back: no rule, no grant in the policy, still Failed.
        (await sim.DeleteAsync("/_simulator/faults")).EnsureSuccessStatusCode();
        (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
        await WorkerPassesAsync(host.Services);
        Assert.Equal("Failed", (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["status"]);
        Assert.Equal(0, await InitiateCallsAsync(sim));
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "192.0.2.90"));
        var security = host.Services.GetRequiredService<JitDashboard.Platform.Arm.SecurityClient>();
        var parts = vm.Facts.JitPolicyId!.Split('/');
        var policy = await security.GetJitPolicyAsync(parts[2], parts[4], parts[8], parts[10]);
        var policyJson = System.Text.Json.JsonSerializer.Serialize(policy);
        Assert.DoesNotContain("jitdashboard-request:" + id, policyJson, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Workflow_PostsEachNotificationToAJsonWebhook()
    {
        await using var receiver = await LocalReceiver.StartAsync();
        var settings = new Dictionary<string, string?>(FastWorker)
        {
            // A warning window longer than the grant, so the expiring notice is due as soon as it is active.
            ["Access:ExpiryWarning"] = "02:00:00",
            ["Notifications:PublicBaseUrl"] = "https://jit.contoso.test",
            ["Notifications:PollInterval"] = "00:00:00.2",
            ["Notifications:InitialBackoff"] = "00:00:00.05",
            ["Notifications:Webhooks:0:Name"] = "ops",
            ["Notifications:Webhooks:0:Url"] = receiver.Url("ops"),
            ["Notifications:Webhooks:0:Format"] = "Json",
        };
        await using var host = await PoliciesHost.StartAsync(_data, settings);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var sim = host.CreateSimulatorClient();

        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "192.0.2.100"));
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        await receiver.NextAsync("ops", "\"kind\":\"AccessRequested\"");
        (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).EnsureSuccessStatusCode();
        await WaitForStatusAsync(alice, id, "Active");
        await receiver.NextAsync("ops", "\"kind\":\"AccessExpiring\"");
        (await sim.PostAsJsonAsync("/_simulator/clock/advance", new { minutes = 61 })).EnsureSuccessStatusCode();
        await WaitForStatusAsync(alice, id, "Expired");
        await receiver.NextAsync("ops", "\"kind\":\"AccessExpired\"");

        // Only this request exists, so every post is about it.
        var bodies = receiver.To("ops").Select(r => JsonNode.Parse(r.Body)!).ToList();
        var kinds = bodies.Select(b => (string)b["kind"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["AccessActive", "AccessDecided", "AccessExpired", "AccessExpiring", "AccessRequested"], kinds);
        Assert.All(bodies, b => Assert.EndsWith("/access/requests/" + id, (string?)b["link"], StringComparison.Ordinal));
        Assert.All(bodies, b => Assert.Equal(vm.Name, (string?)b["facts"]!["VM"]));
    }

    [Fact]
    public async Task AutoApprovalRules_OnlyAdmins_OverApiAndService_AndEveryChangeIsAudited()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");
        var rules = host.Services.GetRequiredService<JitDashboard.Features.Access.IAutoApprovalRuleService>();

        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("api/v1/access-auto-approval-rules")).StatusCode);
        var created = await carol.PostAsJsonAsync("api/v1/access-auto-approval-rules", new { name = "ops", requesterRole = "JitDashboard.Operator", maxDuration = "PT30M" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Guid.Parse((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync($"api/v1/access-auto-approval-rules/{id}")).StatusCode);

        // The page calls the service over the circuit: it refuses non-Admins itself, writing nothing.
        var approver = new JitDashboard.Features.Access.AccessActor("bob@contoso.test", [JitDashboard.Platform.Identity.Roles.Approver]);
        var refused = await rules.CreateAsync(new JitDashboard.Features.Access.AutoApprovalRuleInput("sneaky", null, "rg-any", null, "PT1H", true), approver);
        Assert.Equal(JitDashboard.Features.Access.AutoApprovalRuleOutcome.Forbidden, refused.Outcome);
        Assert.Equal(JitDashboard.Features.Access.AutoApprovalRuleOutcome.Forbidden, (await rules.DeleteAsync(id, approver)).Outcome);
        Assert.Equal(["ops"], (await rules.ListAsync()).Select(r => r.Name));

        var admin = new JitDashboard.Features.Access.AccessActor("carol@contoso.test", [JitDashboard.Platform.Identity.Roles.Admin]);
        Assert.Equal(JitDashboard.Features.Access.AutoApprovalRuleOutcome.Done, (await rules.DeleteAsync(id, admin)).Outcome);
        Assert.Empty(await rules.ListAsync());
        var audit = host.Services.GetRequiredService<JitDashboard.Platform.Audit.IAuditLog>();
        var changes = new List<JitDashboard.Platform.Audit.AuditEvent>();
        await foreach (var e in audit.ExportAsync(new JitDashboard.Platform.Audit.AuditQuery { Action = JitDashboard.Platform.Audit.AuditActions.AccessAutoApprovalRuleChanged })) changes.Add(e);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.Equal("carol@contoso.test", c.Actor));
    }

    private static async Task<List<int>> InitiateStatusesAsync(HttpClient simulator)
    {
        var log = await simulator.GetFromJsonAsync<JsonObject>("/_simulator/requests");
        return log!["items"]!.AsArray()
            .Where(i => (string?)i!["method"] == "POST" && ((string?)i["path"])!.EndsWith("/initiate", StringComparison.OrdinalIgnoreCase))
            .Select(i => (int)i!["status"]!).ToList();
    }

    private static Dictionary<string, string?> RetrySettings() => new(FastWorker)
    {
        // One SDK retry per attempt keeps the test short; the worker's own attempts are what is under test.
        ["Arm:MaxRetries"] = "1",
        ["Access:MaxInitiateAttempts"] = "3",
    };
}
