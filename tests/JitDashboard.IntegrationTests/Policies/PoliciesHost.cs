using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
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
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        await factory.Services.MigrateJitDashboardDatabaseAsync();
        return new PoliciesHost(factory) { DataDirectory = dataDirectory, BaseUri = new Uri(address.TrimEnd('/') + "/") };
    }

    public Uri BaseUri { get; private init; } = new("http://127.0.0.1/");

    /// <summary>A client for the dashboard's API as the given person and role.</summary>
    public HttpClient CreateApiClient(string user, string role)
    {
        var client = new HttpClient { BaseAddress = BaseUri };
        client.DefaultRequestHeaders.Add("X-Test-User", $"{user};{role}");
        return client;
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
                // Until Identity lands: a header names the caller and their role; the API is mapped in front of the app.
                services.AddAuthentication(TestAuth.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuth>(TestAuth.SchemeName, null);
                services.AddAuthorization(o =>
                {
                    o.AddPolicy(JitDashboard.Identity.AppPolicies.Operate, p => p.RequireRole(JitDashboard.Identity.Roles.Operator, JitDashboard.Identity.Roles.Admin));
                    o.AddPolicy(JitDashboard.Identity.AppPolicies.Read, p => p.RequireAuthenticatedUser());
                });
                services.AddTransient<IStartupFilter, ApiStartupFilter>();
            });
        }
    }

    private sealed class ApiStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.MapWhen(c => c.Request.Path.StartsWithSegments("/api/v1"), api =>
            {
                api.UseRouting();
                api.UseAuthentication();
                api.UseAuthorization();
                api.UseEndpoints(e => e.MapGroup("/api/v1").MapJitApi());
            });
            next(app);
        };
    }

    /// <summary><c>X-Test-User: alice@contoso.test;JitDashboard.Operator</c>.</summary>
    private sealed class TestAuth(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Test";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue("X-Test-User", out var value)) return Task.FromResult(AuthenticateResult.NoResult());
            var parts = value.ToString().Split(';');
            var identity = new ClaimsIdentity([new Claim("preferred_username", parts[0]), .. parts.Skip(1).Select(r => new Claim(ClaimTypes.Role, r))], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
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
