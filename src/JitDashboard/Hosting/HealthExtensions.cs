using JitDashboard.Features.Policies;
using System.Diagnostics;
using System.Text.Json;
using JitDashboard.Platform;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Work;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (database and ARM reachable; estate and background workers degraded or not): anonymous JSON.</summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<HealthOptions, HealthOptionsValidator>(builder.Configuration, HealthOptions.SectionName);
        builder.Services.AddSingleton<ArmHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ArmHealthCheck>("arm", tags: [ReadyTag])
            .AddCheck<EstateHealthCheck>("estate", tags: [ReadyTag])
            .AddCheck<WorkersHealthCheck>("workers", tags: [ReadyTag]);
        builder.Services.AddWorkers();
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary>Status and, per check, status, duration and a sentence; never exception details (they can name hosts and users).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
                description = e.Value.Description,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
