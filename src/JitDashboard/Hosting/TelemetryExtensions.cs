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

using JitDashboard.Platform;
using JitDashboard.Platform.Telemetry;
using JitDashboard.Platform.Arm;

namespace JitDashboard.Hosting;



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
        services.AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(builder.Configuration, TelemetryOptions.SectionName);

        // The exporters are wired now, from the same section the validator checks at start.
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

    /// <summary>
    /// The OTLP endpoint from <c>OpenTelemetry:OtlpEndpoint</c>, else the standard environment variable; null when
    /// neither is set, or when the value is no http(s) URL (start-up then fails with <see cref="OtlpEndpointProblem"/>).
    /// </summary>
    public static Uri? OtlpEndpoint(TelemetryOptions settings, IConfiguration configuration)
        => OtlpEndpointValue(settings, configuration) is { } value && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : null;

    /// <summary>What is wrong with the OTLP endpoint setting; null when it is unset or usable.</summary>
    public static string? OtlpEndpointProblem(TelemetryOptions settings, IConfiguration configuration)
        => OtlpEndpointValue(settings, configuration) is { } value && OtlpEndpoint(settings, configuration) is null
            ? $"OpenTelemetry:OtlpEndpoint must be an absolute http(s) URL, not '{value}'."
            : null;

    private static string? OtlpEndpointValue(TelemetryOptions settings, IConfiguration configuration)
    {
        var value = !string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? settings.OtlpEndpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        return string.IsNullOrWhiteSpace(value) ? null : value;
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
