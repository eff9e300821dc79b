using JitDashboard.IntegrationTests.Features.Policies;
using JitDashboard.IntegrationTests.Platform.Persistence;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static JitDashboard.IntegrationTests.Features.Access.AccessTestSupport;

namespace JitDashboard.IntegrationTests.Features.Access;

/// <summary>The conditional decision and the initiate claim on a real PostgreSQL server (the SQLite runs are in AccessApiTests).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAccessTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "access-pg-" + Guid.NewGuid().ToString("N"));
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        await server.DropDatabaseAsync(_connectionString);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort (also when nothing was written there).
        }
    }

    [Fact]
    public async Task TwoApproversAtOnce_OnPostgres_ExactlyOneDecision_AndOneInitiate()
    {
        await using var host = await PoliciesHost.StartAsync(_data, new Dictionary<string, string?>(FastWorker)
        {
            ["Database:Provider"] = "PostgreSQL",
            ["Database:ConnectionString"] = _connectionString,
        });
        var vm = SshJitMachine(await host.LoadedEstateAsync());
        using var alice = await host.CreateApiClientAsync("alice@contoso.test");
        using var bob = await host.CreateApiClientAsync("bob@contoso.test");
        using var carol = await host.CreateApiClientAsync("carol@contoso.test");
        using var sim = host.CreateSimulatorClient();

        for (var round = 0; round < 3; round++)
        {
            (await sim.DeleteAsync("/_simulator/requests")).EnsureSuccessStatusCode();
            var created = await alice.PostAsJsonAsync("api/v1/access-requests", SshRequest(vm, $"203.0.113.{40 + round}"));
            var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
            using var gate = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => { gate.SignalAndWait(); return bob.PostAsJsonAsync($"api/v1/access-requests/{id}/approve", new { }); }),
                Task.Run(() => { gate.SignalAndWait(); return carol.PostAsJsonAsync($"api/v1/access-requests/{id}/deny", new { }); }));
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Single(results, r => r.StatusCode == HttpStatusCode.Conflict);
            var approved = results[0].StatusCode == HttpStatusCode.OK;
            await WaitForStatusAsync(alice, id, approved ? "Active" : "Denied");
            // Run the worker's passes to (wrongly) initiate again.
            await WorkerPassesAsync(host.Services);
            Assert.Equal(approved ? 1 : 0, await InitiateCallsAsync(sim));
        }
    }
}
