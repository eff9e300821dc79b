using JitDashboard.IntegrationTests.Features.Policies;
using JitDashboard.Features.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Audit;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Features.Access;

/// <summary>Access requests over the real API, against the embedded simulator.</summary>
public sealed class AccessApiTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "access-api-" + Guid.NewGuid().ToString("N"));

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
    public async Task Request_ApprovedByAnother_IsActiveWithAllowRule_ThenExpiresWhenSimulatedClockPassesEnd()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var sim = host.CreateSimulatorClient();

        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonObject>();
        var id = (string)body!["id"]!;
        Assert.Equal("Pending", (string?)body["status"]);
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "203.0.113.7"));

        // alice cannot approve her own request.
        var own = await alice.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);

        var pending = await bob.GetFromJsonAsync<JsonArray>("api/v1/access-requests?status=Pending");
        Assert.Contains(pending!, r => (string?)r!["id"] == id);

        var approved = await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { comment = "ok, go ahead" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var active = await WaitForStatusAsync(alice, id, "Active");
        Assert.Equal("bob@contoso.test", (string?)active["decidedBy"]);
        Assert.NotNull(active["endsAt"]);
        Assert.NotEmpty(await AllowRulesAsync(host.Services, vm, "203.0.113.7"));

        // Deciding again is a conflict, and changes nothing.
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");
        var again = await carol.PostAsJsonAsync($"api/v1/access-requests/{id}/deny", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already been decided", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["detail"], StringComparison.Ordinal);

        (await sim.PostAsJsonAsync("/_simulator/clock/advance", new { minutes = 61 })).EnsureSuccessStatusCode();
        await WaitForStatusAsync(alice, id, "Expired");
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "203.0.113.7"));

        // The worker audits right after it records the transition: wait for the entry rather than race it.
        var audit = host.Services.GetRequiredService<IAuditLog>();
        var actions = await Eventually.WaitAsync(async () =>
        {
            var seen = new List<string>();
            await foreach (var e in audit.ExportAsync(new AuditQuery { Target = vm.Id })) seen.Add(e.Action);
            return seen;
        }, seen => seen.Contains(AuditActions.AccessRequestExpired), TimeSpan.FromSeconds(30), "the expiry's audit entry");
        Assert.Contains(AuditActions.AccessRequestFiled, actions);
        Assert.Contains(AuditActions.AccessRequestApproved, actions);
        Assert.Contains(AuditActions.AccessRequestInitiated, actions);
        Assert.Contains(AuditActions.AccessRequestExpired, actions);
    }

    [Fact]
    public async Task TwoApproversAtOnce_ExactlyOneDecision_AndOneInitiate()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");
        using var sim = host.CreateSimulatorClient();

        for (var round = 0; round < 5; round++)
        {
            (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
            var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, $"203.0.113.{10 + round}"));
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using var gate = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => { gate.SignalAndWait(); return bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { }); }),
                Task.Run(() => { gate.SignalAndWait(); return carol.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { }); }));
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
            await WaitForStatusAsync(alice, id, "Active");
            // Run the worker's passes to (wrongly) initiate again.
            await WorkerPassesAsync(host.Services);
            Assert.Equal(1, await InitiateCallsAsync(sim));
        }
    }

    [Fact]
    public async Task BadInput_EachIs400WithFieldMessage_AndNothingIsWritten()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var snapshot = await host.LoadedEstateAsync();
        var vm = SshJitMachine(snapshot);
        var noJit = snapshot.Machines.First(m => m.Facts.JitStatus != JitDashboard.Platform.Estate.Inventory.JitStatus.Configured);
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        var port = vm.Facts.JitPorts.Select(p => p.Number).Max() + 1;

        var cases = new (string Field, object Body, string Fragment)[]
        {
            ("ports", new { machineId = vm.Id, ports = new[] { port }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = "x" }, "not in the VM's just-in-time policy"),
            ("duration", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT25H", sourceAddressPrefix = "203.0.113.7", justification = "x" }, "at most"),
            ("duration", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT4M", sourceAddressPrefix = "203.0.113.7", justification = "x" }, "at least 5 minutes"),
            ("sourceAddressPrefix", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.300/24", justification = "x" }, "not an IP address or CIDR"),
            ("sourceAddressPrefix", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "0.0.0.0/0", justification = "x" }, "every address"),
            ("startTime", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = "x", startTime = DateTimeOffset.UtcNow.AddHours(-2) }, "in the past"),
            ("machineId", new { machineId = noJit.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = "x" }, "no just-in-time policy"),
            ("justification", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = " " }, "Say why"),
            ("justification", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = new string('j', 501) }, "at most 500"),
            ("justification", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = "<script>alert(1)</script>" }, "HTML or script"),
            ("ticket", new { machineId = vm.Id, ports = new[] { 22 }, duration = "PT1H", sourceAddressPrefix = "203.0.113.7", justification = "x", ticket = new string('t', 65) }, "at most 64"),
        };
        foreach (var (field, body, fragment) in cases)
        {
            var response = await alice.PostAsJsonAsync("api/v1/access-requests", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            var messages = problem!["errors"]![field]!.AsArray().Select(m => (string)m!).ToList();
            Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        }
        Assert.Empty((await alice.GetFromJsonAsync<JsonArray>("api/v1/access-requests"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync("api/v1/access-requests?status=Bogus")).StatusCode);

        // Readers cannot request; nobody but Approver/Admin decides.
        using var dave = await host.CreateApiClientAsync("dave@contoso.test");
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm))).StatusCode);
        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm));
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync($"api/v1/access-requests/{id}/deny", new { })).StatusCode);
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        var html = await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/deny", new { comment = "<img src=x onerror=alert(1)>" });
        Assert.Equal(HttpStatusCode.BadRequest, html.StatusCode);
        Assert.Equal("Pending", (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["status"]);
        // The requester may cancel while pending; nobody decides it after.
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync($"api/v1/access-requests/{id}/cancel", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).StatusCode);
    }

    [Fact]
    public async Task CloseNow_RemovesTheAllowRule_AndMarksClosed()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");

        var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "198.51.100.0/28"));
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        (await bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { })).EnsureSuccessStatusCode();
        await WaitForStatusAsync(alice, id, "Active");
        Assert.NotEmpty(await AllowRulesAsync(host.Services, vm, "198.51.100.0/28"));

        var closed = await alice.PostAsJsonAsync($"api/v1/access-requests/{id}/close", new { comment = "done early" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("Closed", (string?)(await closed.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "198.51.100.0/28"));
        // Still Closed after the worker has looked at the policy again.
        await WorkerPassesAsync(host.Services);
        Assert.Equal("Closed", (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{id}"))!["status"]);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsJsonAsync($"api/v1/access-requests/{id}/close", new { })).StatusCode);
    }

    [Fact]
    public async Task ApprovedButNotInitiated_BeforeRestart_IsInitiatedByTheWorkerAfterRestart()
    {
        Guid id;
        string machineId;
        await using (var first = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?> { ["Access:PollInterval"] = "01:00:00" }))
        {
            var vm = SshJitMachine(await first.LoadedEstateAsync());
            machineId = vm.Id;
            // The state right after the approval committed and before initiate ran (the process then stopped).
            var factory = first.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JitDashboard.Platform.Persistence.JitDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            id = Guid.NewGuid();
            db.AccessRequests().Add(new AccessRequest
            {
                Id = id, MachineId = vm.Id, MachineName = vm.Name, ResourceGroup = vm.ResourceGroup, PolicyId = vm.Facts.JitPolicyId!,
                Ports = [22], Duration = TimeSpan.FromHours(1), SourceAddressPrefix = "192.0.2.44", Justification = "resume me",
                RequestedBy = "alice@contoso.test", CreatedAt = DateTimeOffset.UtcNow, Status = AccessRequestStatus.Approved,
                DecidedBy = "bob@contoso.test", DecidedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
            });
            await db.SaveChangesAsync();
        }

        await using var second = await PoliciesHost.StartAsync(_data, FastWorker);
        var snapshot = await second.LoadedEstateAsync();
        using var alice = await second.CreateApiClientAsync("alice@contoso.test");
        var active = await WaitForStatusAsync(alice, id.ToString(), "Active");
        Assert.Equal("192.0.2.44", (string?)active["sourceAddressPrefix"]);
        Assert.NotEmpty(await AllowRulesAsync(second.Services, snapshot.Machines.First(m => m.Id == machineId), "192.0.2.44"));
    }

    [Fact]
    public async Task AutoApprovalRule_ApprovesMatchingRequest_AuditedAsAutoApproval()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("api/v1/access-auto-approval-rules", new { name = "x", resourceGroup = vm.ResourceGroup, maxDuration = "PT30M" })).StatusCode);
        var everything = await carol.PostAsJsonAsync("api/v1/access-auto-approval-rules", new { name = "all", maxDuration = "PT30M" });
        Assert.Equal(HttpStatusCode.BadRequest, everything.StatusCode);
        var rule = await carol.PostAsJsonAsync("api/v1/access-auto-approval-rules", new { name = "short ops", resourceGroup = vm.ResourceGroup, maxDuration = "PT30M" });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        var longOne = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "192.0.2.50", "PT1H"));
        Assert.Equal("Pending", (string?)(await longOne.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        var shortOne = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "192.0.2.51", "PT20M"));
        var id = (string)(await shortOne.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var active = await WaitForStatusAsync(alice, id, "Active");
        Assert.True((bool)active["autoApproved"]!);

        var audit = host.Services.GetRequiredService<IAuditLog>();
        var auto = new List<AuditEvent>();
        await foreach (var e in audit.ExportAsync(new AuditQuery { Action = AuditActions.AccessRequestAutoApproved })) auto.Add(e);
        Assert.Single(auto);
    }

    [Fact]
    public async Task Worker_TimesOutStalePending_FailsWhatArmRefuses_AndWaitsForScheduledStart()
    {
        await using var host = await PoliciesHost.StartAsync(_data, FastWorker);
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        var factory = host.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JitDashboard.Platform.Persistence.JitDbContext>>();
        AccessRequest Row(AccessRequestStatus status, int port, DateTimeOffset created, DateTimeOffset? start = null) => new()
        {
            Id = Guid.NewGuid(), MachineId = vm.Id, MachineName = vm.Name, ResourceGroup = vm.ResourceGroup, PolicyId = vm.Facts.JitPolicyId!,
            Ports = [port], Duration = TimeSpan.FromHours(1), SourceAddressPrefix = "192.0.2.60", Justification = "worker",
            RequestedBy = "alice@contoso.test", CreatedAt = created, Status = status, ScheduledStart = start,
            DecidedBy = status == AccessRequestStatus.Approved ? "bob@contoso.test" : null, Version = Guid.NewGuid(),
        };
        // Filed two days ago and never decided; approved for a port the policy no longer has; approved for tomorrow.
        var stale = Row(AccessRequestStatus.Pending, 22, DateTimeOffset.UtcNow.AddDays(-2));
        var refused = Row(AccessRequestStatus.Approved, 2222, DateTimeOffset.UtcNow);
        var scheduled = Row(AccessRequestStatus.Approved, 22, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.AccessRequests().AddRange(stale, refused, scheduled);
            await db.SaveChangesAsync();
        }

        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        await WaitForStatusAsync(alice, stale.Id.ToString(), "TimedOut");
        var failed = await WaitForStatusAsync(alice, refused.Id.ToString(), "Failed");
        Assert.Contains("PortNotInPolicy", (string?)failed["error"], StringComparison.Ordinal);
        // The worker's passes leave the request approved for tomorrow alone.
        await WorkerPassesAsync(host.Services);
        Assert.Equal("Approved", (string?)(await alice.GetFromJsonAsync<JsonObject>($"api/v1/access-requests/{scheduled.Id}"))!["status"]);
        Assert.Empty(await AllowRulesAsync(host.Services, vm, "192.0.2.60"));
    }
}
