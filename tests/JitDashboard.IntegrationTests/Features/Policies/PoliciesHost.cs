using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Net.Http.Headers;
using JitDashboard.Features.Policies;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Policies;

/// <summary>
/// The real app (embedded simulator, real sign-in and tokens) on a SQLite folder the test owns, so that a second
/// host can reopen the same database; with a fast operations poll.
/// </summary>
public sealed class PoliciesHost : IAsyncDisposable
{
    private readonly DashboardHost _host;

    private PoliciesHost(DashboardHost host, string dataDirectory)
    {
        _host = host;
        DataDirectory = dataDirectory;
    }

    public IServiceProvider Services => _host.Services;

    public string DataDirectory { get; }

    public Uri BaseUri => _host.BaseUri;

    /// <summary>The DevHost's embedded simulator.</summary>
    public JitDashboard.Simulator.SimulatorHost? EmbeddedSimulator => _host.EmbeddedSimulator;

    public IJitOperationService Operations => Services.GetRequiredService<IJitOperationService>();

    public static async Task<PoliciesHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataDirectory,
            ["Policies:PollInterval"] = "00:00:00.200",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return new PoliciesHost(await DashboardHost.StartAsync(all), dataDirectory);
    }

    /// <summary>A client for the dashboard's API with the demo person's bearer token from the simulator.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string user)
    {
        var token = await _host.TokenAsync(user);
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient CreateSimulatorClient() => _host.CreateSimulatorClient();

    public Task<JitDashboard.Platform.Estate.EstateSnapshot> LoadedEstateAsync() => _host.LoadedEstateAsync();

    /// <summary>Waits for the runner to finish the operation.</summary>
    public async Task<JitOperationView> WaitAsync(Guid id, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        JitOperationView? last = null;
        await foreach (var view in Operations.WatchAsync(id, cts.Token))
        {
            last = view;
            if (view.IsFinished) return view;
        }
        throw new InvalidOperationException($"Operation {id} did not finish: {last?.Status}");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
