using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.Testing;

/// <summary>
/// The real dashboard, started in-process on Kestrel at http://127.0.0.1:random through the DevHost's entry point
/// (<see cref="JitDashboard.DevHost.DevHostProgram"/>: the app plus its embedded simulator, or the settings given),
/// outside Development unless told otherwise. <see cref="StartProductionAsync"/> starts the production entry point
/// instead (no simulator: Azure mode by default).
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly IAsyncDisposable _factory;

    private readonly Func<IServiceProvider> _services;

    private readonly string _dataDirectory;

    private DashboardHost(IAsyncDisposable factory, Func<IServiceProvider> services, Uri baseUri, string dataDirectory)
    {
        _factory = factory;
        _services = services;
        BaseUri = baseUri;
        _dataDirectory = dataDirectory;
    }

    /// <summary>This host's own SQLite folder (tests never share a database file).</summary>
    public string DataDirectory => _dataDirectory;

    public Uri BaseUri { get; }

    public IServiceProvider Services => _services();

    public static Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production") =>
        StartAsync(settings, environment, configureServices: null);

    /// <summary>
    /// The same, with services replaced after the app's own (e.g. a recording notifier). Two hosts share one
    /// database when both are given the same <c>Database:DataDirectory</c>; the caller then owns (and deletes) it.
    /// </summary>
    public static Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string?>? settings, string environment, Action<IServiceCollection>? configureServices)
        => StartAsync<JitDashboard.DevHost.DevHostProgram>(settings, environment, configureServices);

    /// <summary>The production app (<c>src/JitDashboard</c>'s own Program: no simulator, Mode Azure by default).</summary>
    public static Task<DashboardHost> StartProductionAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production")
        => StartAsync<Program>(settings, environment, configureServices: null);

    private static Task<DashboardHost> StartAsync<TEntryPoint>(IReadOnlyDictionary<string, string?>? settings, string environment, Action<IServiceCollection>? configureServices)
        where TEntryPoint : class
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        var dataDirectory = Path.Combine(Path.GetTempPath(), "jitdashboard-tests", Guid.NewGuid().ToString("N"));
        all.TryAdd("Database:DataDirectory", dataDirectory);
        var factory = new Factory<TEntryPoint>(all, environment) { ConfigureServices = configureServices };
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        return Task.FromResult(new DashboardHost(factory, () => factory.Services, new Uri(address.TrimEnd('/') + "/"), dataDirectory));
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    /// <summary>The DevHost's simulator (embedded, or standalone with <c>Simulator:Url</c>).</summary>
    public JitDashboard.DevHost.SimulatorArmEnvironment Simulator => Services.GetRequiredService<JitDashboard.DevHost.SimulatorArmEnvironment>();

    /// <summary>The simulator running inside this host (null with <c>Simulator:Url</c>, or in Azure mode).</summary>
    public JitDashboard.Simulator.SimulatorHost? EmbeddedSimulator => Services.GetService<JitDashboard.DevHost.SimulatorArmEnvironment>()?.Embedded;

    /// <summary>A client for the simulator (ARM and its control API), trusting exactly its certificate.</summary>
    public HttpClient CreateSimulatorClient() => Simulator.CreateClient();

    /// <summary>The estate as the app sees it, once its first load has finished.</summary>
    public async Task<JitDashboard.Platform.Estate.EstateSnapshot> LoadedEstateAsync()
    {
        var estate = Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>();
        await estate.RefreshAsync();
        return estate.Snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        AppendArmRequestLog();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on a slow machine: the temp folder is cleaned eventually anyway.
        }
    }

    /// <summary>
    /// Where every host appends its embedded simulator's ARM request log on dispose (artifacts/arm-requests under
    /// the repo root, one JSONL file per test process): the least-privilege tests check the app's roles cover them.
    /// </summary>
    public static string ArmRequestLogDirectory => Path.Combine(RepoPaths.Root, "artifacts", "arm-requests");

    private void AppendArmRequestLog()
    {
        try
        {
            var simulator = EmbeddedSimulator;
            if (simulator is null)
                return;
            var lines = simulator.RequestLog.Snapshot()
                .Select(r => System.Text.Json.JsonSerializer.Serialize(new { method = r.Method, path = r.Path, status = r.Status }))
                .ToList();
            if (lines.Count == 0)
                return;
            Directory.CreateDirectory(ArmRequestLogDirectory);
            var file = Path.Combine(ArmRequestLogDirectory, $"{AppDomain.CurrentDomain.FriendlyName}-{Environment.ProcessId}.jsonl");
            lock (ArmLogLock)
                File.AppendAllLines(file, lines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort: the log is evidence for another test, never a reason for this one to fail.
        }
    }

    private static readonly Lock ArmLogLock = new();

    private sealed class Factory<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, string environment) : WebApplicationFactory<TEntryPoint>
        where TEntryPoint : class
    {
        public Action<IServiceCollection>? ConfigureServices { get; init; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            if (ConfigureServices is { } configure)
                builder.ConfigureTestServices(configure);
            // UseSetting, not ConfigureAppConfiguration: Program.cs reads settings before Build().
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
