using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using System.Collections.Concurrent;
using System.Net;
using JitDashboard.Platform.Work;
using JitDashboard.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>
/// Issue 19: quiet by default. EF Core's SQL, IdentityModel's token chatter and the authentication handlers log at
/// Warning and above unless configuration asks for more; an idle app writes (almost) nothing.
/// </summary>
public sealed class QuietLogsTests
{
    private static readonly string[] NoisyCategories =
        ["Microsoft.EntityFrameworkCore", "Microsoft.IdentityModel", "Microsoft.AspNetCore.Authentication", "Microsoft.Identity.Web"];

    [Fact]
    public async Task Default_ApiCallsAndIdlePolling_LogNothingBelowWarningFromEfCoreOrIdentityModel()
    {
        var logs = new CapturingLoggerProvider();
        // Short poll intervals: the idle window below sees many rounds of every background loop.
        await using var host = await DashboardHost.StartAsync(
            new Dictionary<string, string?> { ["Access:PollInterval"] = "00:00:01", ["Policies:PollInterval"] = "00:00:01", ["Notifications:PollInterval"] = "00:00:01" },
            "Production", services => services.AddSingleton<ILoggerProvider>(logs));

        // The shipped configuration names the categories (documented in the README's "Logs").
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.IdentityModel"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.AspNetCore.Authentication"]);

        await host.LoadedEstateAsync();
        var token = await host.TokenAsync(AuthTestSupport.Person("alice"));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/machines", token)).Status);

        // An idle stretch: every background loop polls the database (every second here) several times over.
        var idleFrom = logs.Entries.Count;
        var registry = host.Services.GetRequiredService<WorkerRegistry>();
        var before = registry.All().ToDictionary(w => w.Name, w => w.Passes);
        // The three loops given a one-second poll above.
        string[] polling = ["AccessRunner", "JitOperationRunner", "WebhookSender"];
        Assert.All(polling, name => Assert.NotNull(registry.Find(name)));
        await Eventually.WaitAsync(
            () => polling.All(name => registry.Find(name)!.Passes >= before.GetValueOrDefault(name) + 3),
            TimeSpan.FromSeconds(60), "three more passes of every polling worker");
        var idle = logs.Entries.Skip(idleFrom).Where(e => e.Level >= LogLevel.Information).ToList();

        var all = logs.Entries.ToList();
        var noisy = all.Where(e => e.Level < LogLevel.Warning && NoisyCategories.Any(c => e.Category.StartsWith(c, StringComparison.Ordinal))).ToList();
        Assert.True(noisy.Count == 0, "Below Warning from noisy categories:\n" + string.Join("\n", noisy.Take(10)));
        Assert.True(idle.Count <= 2, "An idle app logged:\n" + string.Join("\n", idle.Take(20)));
    }

    [Fact]
    public async Task Configuration_TurnsEfCoreCommandsOnWhenAsked()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DashboardHost.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information", ["Access:PollInterval"] = "00:00:01" },
            "Production", services => services.AddSingleton<ILoggerProvider>(logs));
        await host.LoadedEstateAsync();
        await JitDashboard.Testing.Eventually.WaitAsync(() => logs.Entries.Any(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Level == LogLevel.Information),
            TimeSpan.FromSeconds(30), "an EF Core command logged at Information");
    }

    private sealed record Entry(string Category, LogLevel Level, string Message)
    {
        public override string ToString() => $"{Level} {Category}: {Message}";
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._entries.Enqueue(new Entry(category, logLevel, formatter(state, exception)));
        }
    }
}
