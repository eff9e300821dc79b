using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;
using JitDashboard.Platform.Persistence;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

using JitDashboard.Platform.Telemetry;
using JitDashboard.Platform.Arm;

namespace JitDashboard.Hosting;



/// <summary>Counts open circuits.</summary>
internal sealed class CircuitTelemetryHandler : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        DashboardTelemetry.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        DashboardTelemetry.CircuitClosed();
        return Task.CompletedTask;
    }
}

/// <summary>The JIT work queue's length (pending items of unfinished bulk operations), read at most every few seconds.</summary>
internal sealed class JitQueueMetrics : IDisposable
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly IDbContextFactory<JitDbContext> _factory;
    private readonly Meter _meter;
    private readonly Lock _lock = new();
    private (long Value, long At)? _cached;

    public JitQueueMetrics(IDbContextFactory<JitDbContext> factory, IMeterFactory meters, Platform.Estate.IEstateService estate)
    {
        _factory = factory;
        _meter = meters.Create(DashboardTelemetry.Name);
        _meter.CreateObservableGauge(DashboardTelemetry.PendingJitItems, Read, "{item}", "JIT operation items waiting to be written.");
        // Which subscriptions are degraded: one measurement per subscription that is not Healthy, tagged with its id and health.
        _meter.CreateObservableGauge(DashboardTelemetry.EstateSubscriptions, () => estate.Snapshot.SubscriptionStatuses.Values
            .GroupBy(s => s.Health).Select(g => new Measurement<long>(g.LongCount(), new KeyValuePair<string, object?>("health", g.Key.ToString())))
            .Concat(estate.Snapshot.SubscriptionStatuses.Values.Where(s => s.Health != Platform.Estate.SubscriptionHealth.Healthy)
                .Select(s => new Measurement<long>(1, new KeyValuePair<string, object?>("health", s.Health.ToString()),
                    new KeyValuePair<string, object?>("subscription", s.Subscription.SubscriptionId)))),
            "{subscription}", "Subscriptions by health; the ones not Healthy also one by one with their id.");
    }

    private IEnumerable<Measurement<long>> Read()
    {
        lock (_lock)
        {
            if (_cached is not { } cached || Stopwatch.GetElapsedTime(cached.At) > CacheFor)
            {
                try
                {
                    using var db = _factory.CreateDbContext();
                    _cached = (db.JitOperationItems().LongCount(i => i.Status == JitOperationItemStatus.Pending), Stopwatch.GetTimestamp());
                }
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
                {
                    // The database is away (health/ready says so): no measurement rather than a wrong one.
                    return [];
                }
            }

            return [new Measurement<long>(_cached.Value.Value)];
        }
    }

    /// <summary>This container's meter (tests listen to it alone when several hosts share a process).</summary>
    internal Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();
}

/// <summary>The <c>OpenTelemetry</c> section.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary><c>OpenTelemetry:OtlpEndpoint</c>: e.g. http://collector:4317. Null: OTEL_EXPORTER_OTLP_ENDPOINT, else no export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>OpenTelemetry:ServiceName</c>.</summary>
    public string ServiceName { get; set; } = "JitDashboard";
}

public static class TelemetryExtensions
{
    /// <summary>
    /// Instruments are always live (in-process listeners, tests); the OpenTelemetry SDK and its OTLP exporter are
    /// added only when an endpoint is set, so a default run exports nothing and costs nothing.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitTelemetryHandler>());
        services.AddSingleton<JitQueueMetrics>();
        services.AddHostedService<JitQueueMetricsActivator>();

        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = OtlpEndpoint(settings, builder.Configuration);
        if (endpoint is null)
            return builder;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName))
            .WithTracing(t => t
                .AddSource(DashboardTelemetry.Name, "Microsoft.AspNetCore")
                .AddOtlpExporter(o => o.Endpoint = endpoint))
            .WithMetrics(m => m
                .AddMeter(DashboardTelemetry.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Server.Circuits", "System.Net.Http", "System.Runtime")
                .AddOtlpExporter(o => o.Endpoint = endpoint));
        builder.Logging.AddOpenTelemetry(o =>
        {
            // Structured: the template and its parameters, never headers or bodies (no middleware logs those here).
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = false;
            o.AddOtlpExporter(e => e.Endpoint = endpoint);
        });
        return builder;
    }

    /// <summary>The OTLP endpoint from <c>OpenTelemetry:OtlpEndpoint</c>, else the standard environment variable.</summary>
    public static Uri? OtlpEndpoint(TelemetryOptions settings, IConfiguration configuration)
    {
        var value = !string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? settings.OtlpEndpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"OpenTelemetry:OtlpEndpoint must be an absolute http(s) URL, not '{value}'.");
    }

    /// <summary>Creates the queue gauge at start-up (singletons are otherwise built on first use).</summary>
    private sealed class JitQueueMetricsActivator(JitQueueMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
