using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.IntegrationTests.Platform.Persistence;
using JitDashboard.Simulator;
using JitDashboard.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Scale-out: two app hosts on ONE PostgreSQL database and ONE ARM (a standalone simulator both point at). This class
/// holds the approvals half; the automation half (issue 7's database lease: only one host runs the schedules) belongs
/// here too, as another test over <see cref="StartPairAsync"/>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly SharedDatabase _shared = new(server);

    public Task InitializeAsync() => _shared.CreateAsync();

    public Task DisposeAsync() => _shared.DropAsync();

    /// <summary>The simulator (demo estate) and two hosts on the same database; each host keeps its own data folder.</summary>
    private async Task<(SimulatorHost Simulator, DashboardHost A, DashboardHost B)> StartPairAsync()
    {
        var simulator = await _shared.StartSimulatorAsync();
        var a = await DashboardHost.StartAsync(_shared.Settings(simulator, "a"));
        var b = await DashboardHost.StartAsync(_shared.Settings(simulator, "b"));
        return (simulator, a, b);
    }

    [Fact]
    public async Task Approvals_FiledOnA_ApprovedOnB_ActiveOnA_WithOneInitiate_AndSharedDataProtectionKeys()
    {
        var (simulator, a, b) = await StartPairAsync();
        await using var _ = simulator;
        await using var __ = a;
        await using var ___ = b;
        var vm = SshJitMachine(await a.LoadedEstateAsync());
        await b.LoadedEstateAsync();
        using var aliceOnA = await SharedDatabase.ClientAsync(simulator, a, "alice@contoso.test");
        using var bobOnB = await SharedDatabase.ClientAsync(simulator, b, "bob@contoso.test");

        simulator.RequestLog.Clear();
        var created = await aliceOnA.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, "203.0.113.99"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;

        var pendingOnB = await bobOnB.GetFromJsonAsync<JsonArray>("api/v1/access-requests?status=Pending");
        Assert.Contains(pendingOnB!, r => (string?)r!["id"] == id);

        var approved = await bobOnB.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { comment = "from host B" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var active = await WaitForStatusAsync(aliceOnA, id, "Active");
        Assert.Equal("bob@contoso.test", (string?)active["decidedBy"]);
        Assert.NotEmpty(await AllowRulesAsync(a.Services, vm, "203.0.113.99"));

        // Both workers poll the same rows: run passes on both, at once, to (wrongly) initiate again.
        await Task.WhenAll(WorkerPassesAsync(a.Services), WorkerPassesAsync(b.Services));
        Assert.Equal(1, simulator.RequestLog.Snapshot().Count(r => r.Method == "POST" && r.Path.EndsWith("/initiate", StringComparison.OrdinalIgnoreCase)));

        // One key ring in the database: what A protects (cookies, antiforgery tokens), B can read.
        const string purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";
        var fromA = a.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Protect("issued by A");
        Assert.Equal("issued by A", b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose).Unprotect(fromA));
    }
}
