using System.Diagnostics.Metrics;
using JitDashboard.Data;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JitDashboard.IntegrationTests.Policies;

/// <summary>
/// The real app with its embedded simulator, plus the database and <c>AddJitPolicies</c> (until Program.cs wires
/// them), on a SQLite file in a folder the test owns so a second host can reopen it.
/// </summary>
public sealed class PoliciesHost : IAsyncDisposable
{
    private readonly Factory _factory;

    private PoliciesHost(Factory factory) => _factory = factory;

    public IServiceProvider Services => _factory.Services;

    public string DataDirectory { get; private init; } = "";

    public static async Task<PoliciesHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataDirectory,
            ["Policies:PollInterval"] = "00:00:00.200",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var factory = new Factory(all);
        factory.UseKestrel(0);
        factory.StartServer();
        _ = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        await factory.Services.MigrateJitDashboardDatabaseAsync();
        return new PoliciesHost(factory) { DataDirectory = dataDirectory };
    }

    public IJitOperationService Operations => Services.GetRequiredService<IJitOperationService>();

    public HttpClient CreateSimulatorClient()
    {
        var connection = Services.GetRequiredService<JitDashboard.Azure.ArmConnection>().Current;
        var handler = JitDashboard.Simulator.SimulatorHost.CreateTrustingHandler(connection.TrustedCertificate!);
        return new HttpClient(handler) { BaseAddress = connection.SimulatorUri };
    }

    public async Task<JitDashboard.Features.Estate.EstateSnapshot> LoadedEstateAsync()
    {
        var estate = Services.GetRequiredService<JitDashboard.Features.Estate.IEstateService>();
        await estate.RefreshAsync();
        return estate.Snapshot;
    }

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

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureServices((context, services) =>
            {
                var adapter = new BuilderAdapter(services, context.Configuration, context.HostingEnvironment);
                adapter.AddJitPolicies();
            });
        }
    }

    /// <summary>Lets the IHostApplicationBuilder extensions run inside WebApplicationFactory's ConfigureServices.</summary>
    private sealed class BuilderAdapter : IHostApplicationBuilder
    {
        private readonly ConfigurationManager _configuration = new();

        public BuilderAdapter(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
        {
            Services = services;
            Environment = environment;
            _configuration.AddConfiguration(configuration);
        }

        public IDictionary<object, object> Properties { get; } = new Dictionary<object, object>();

        public IConfigurationManager Configuration => _configuration;

        public IHostEnvironment Environment { get; }

        public ILoggingBuilder Logging => throw new NotSupportedException();

        public IMetricsBuilder Metrics => throw new NotSupportedException();

        public IServiceCollection Services { get; }

        public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
            where TContainerBuilder : notnull => throw new NotSupportedException();
    }
}
