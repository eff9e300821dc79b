using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Platform.Telemetry;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using JitDashboard.Hosting;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace JitDashboard.IntegrationTests.Hosting;

/// <summary>ARM metrics recorded per try (MeterListener), the queue gauge, OTLP by setting only, and logs without tokens.</summary>
public sealed class TelemetryTests
{
    private sealed record Recorded(string Instrument, double Value, Dictionary<string, string?> Tags);

    private static MeterListener Listen(ConcurrentBag<Recorded> into, Meter? only = null)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DashboardTelemetry.Name && (only is null || ReferenceEquals(instrument.Meter, only)))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => into.Add(new Recorded(i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => into.Add(new Recorded(i.Name, v, ToDictionary(tags))));
        listener.Start();
        return listener;

        static Dictionary<string, string?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var d = new Dictionary<string, string?>();
            foreach (var (k, v) in tags) d[k] = v?.ToString();
            return d;
        }
    }

    [Fact]
    public async Task ArmCalls_AreCountedAndTimed_AndThrottlingIsCounted()
    {
        var recorded = new ConcurrentBag<Recorded>();
        using var listener = Listen(recorded);
        await using var host = await DashboardHost.StartAsync();
        await host.LoadedEstateAsync();

        // Compute reads are counted with method, status and family; each has a duration.
        Assert.Contains(recorded, r => r.Instrument == DashboardTelemetry.ArmRequests && r.Tags["method"] == "GET" && r.Tags["status"] == "200" && r.Tags["family"] == "Microsoft.Compute");
        Assert.Contains(recorded, r => r.Instrument == DashboardTelemetry.ArmRequests && r.Tags["family"] == "Microsoft.Network");
        Assert.Contains(recorded, r => r.Instrument == DashboardTelemetry.ArmDuration && r.Tags["family"] == "Microsoft.Compute" && r.Value > 0);

        // Two throttled answers for subscription reads; the retry policy absorbs them and each is counted.
        using var sim = host.CreateSimulatorClient();
        (await sim.PostAsJsonAsync("/_simulator/faults", new { method = "GET", pathContains = "virtualMachines", status = 429, retryAfterSeconds = 1, count = 2 })).EnsureSuccessStatusCode();
        bool ComputeThrottled(Recorded r) => r.Instrument == DashboardTelemetry.ArmThrottled && r.Tags["family"] == "Microsoft.Compute";
        var throttledBefore = recorded.Count(ComputeThrottled);
        // A sweep that starts now: one already running (after a live event) may be past its VM lists and not meet the faults.
        await host.Services.GetRequiredService<JitDashboard.Platform.Estate.IEstateService>().RefreshAfterChangeAsync();
        // At least these two (the meter is process-wide: another test's host may be throttled at the same time).
        Assert.InRange(recorded.Count(ComputeThrottled) - throttledBefore, 2, int.MaxValue);
        Assert.Contains(recorded, r => r.Instrument == DashboardTelemetry.ArmRequests && r.Tags["status"] == "429" && r.Tags["family"] == "Microsoft.Compute");

        // Ids never become tag values (cardinality, and no resource names in a metrics backend).
        Assert.DoesNotContain(recorded, r => r.Tags.Values.Any(v => v is not null && v.Contains('/', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task QueueGauge_ReportsPendingJitItems()
    {
        await using var host = await DashboardHost.StartAsync();
        // This host's gauge alone: other tests' hosts in this process have their own.
        var recorded = new ConcurrentBag<Recorded>();
        using var listener = Listen(recorded, host.Services.GetRequiredService<JitQueueMetrics>().Meter);
        listener.RecordObservableInstruments();
        var gauge = Assert.Single(recorded, r => r.Instrument == DashboardTelemetry.PendingJitItems && r.Value == 0);
        Assert.Empty(gauge.Tags);
    }

    [Fact]
    public async Task OpenTelemetrySdk_IsOnlyAddedWhenAnOtlpEndpointIsSet()
    {
        await using (var plain = await DashboardHost.StartAsync())
            Assert.Null(plain.Services.GetService<MeterProvider>());

        await using var exporting = await DashboardHost.StartAsync(new Dictionary<string, string?> { ["OpenTelemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
        Assert.NotNull(exporting.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public async Task Logs_NeverContainBearerTokens()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await DashboardHost.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace", ["Logging:LogLevel:System"] = "Trace" }, "Production",
            services => services.AddSingleton<ILoggerProvider>(logs));
        var token = await host.TokenAsync(AuthTestSupport.Person("alice"));
        Assert.Equal(HttpStatusCode.OK, (await host.ApiAsync(HttpMethod.Get, "/api/v1/me", token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.ApiAsync(HttpMethod.Get, "/api/v1/me", token + "x")).Status);
        await host.LoadedEstateAsync();

        var messages = logs.Messages.ToList();
        Assert.NotEmpty(messages);
        // The app logged the requests (so the test would see a token if one were logged) ...
        Assert.Contains(messages, m => m.Contains("/api/v1/me", StringComparison.Ordinal));
        // ... but never the token, any part of its signature, or any JWT (the ARM token included).
        var signature = token.Split('.')[2];
        Assert.DoesNotContain(messages, m => m.Contains(signature, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("eyJ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("Bearer ey", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                // The message, every structured value, and the exception: all of what a sink would store.
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => p.Key + "=" + p.Value)) : "";
                owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
