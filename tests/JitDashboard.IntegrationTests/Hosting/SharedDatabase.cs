using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JitDashboard.IntegrationTests.Platform.Persistence;
using JitDashboard.Simulator;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Several app hosts on ONE throw-away PostgreSQL database and ONE standalone simulator they all point at, each host
/// with its own data folder: what a scale-out test class creates in its set-up and drops in its tear-down.
/// </summary>
internal sealed class SharedDatabase(PostgresServerFixture server)
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "shared-db-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the simulator writes its certificate (the hosts trust exactly it).</summary>
    public string CertificateFile { get; } = Path.Combine(Path.GetTempPath(), $"jitsim-{Guid.NewGuid():N}.pem");

    public string ConnectionString { get; private set; } = "";

    public async Task CreateAsync() => ConnectionString = await server.CreateDatabaseAsync();

    public async Task DropAsync()
    {
        await server.DropDatabaseAsync(ConnectionString);
        File.Delete(CertificateFile);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Best effort (also when nothing was written there).
        }
    }

    /// <summary>The standalone simulator (demo estate) the hosts share.</summary>
    public Task<SimulatorHost> StartSimulatorAsync() => SimulatorHost.StartAsync(new SimulatorOptions { CertificateOut = CertificateFile });

    /// <summary>A host's settings: the shared simulator and database, its own data folder, a quick access poll.</summary>
    public Dictionary<string, string?> Settings(SimulatorHost simulator, string name) => new()
    {
        ["Simulator:Url"] = simulator.BaseUri.ToString(),
        ["Simulator:CertificateFile"] = CertificateFile,
        ["Database:Provider"] = "PostgreSQL",
        ["Database:ConnectionString"] = ConnectionString,
        ["Database:DataDirectory"] = Path.Combine(_data, name),
        ["Access:PollInterval"] = "00:00:00.200",
    };

    /// <summary>A client with a demo person's token: for <paramref name="host"/>'s API, or (null) for the simulator's ARM.</summary>
    public static async Task<HttpClient> ClientAsync(SimulatorHost simulator, DashboardHost? host, string user, string? audience = null)
    {
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        using var response = await sim.PostAsJsonAsync("/_simulator/identity/token", new { user, audience });
        response.EnsureSuccessStatusCode();
        var client = host is null ? new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri } : host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!);
        return client;
    }
}
