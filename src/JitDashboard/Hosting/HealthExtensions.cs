using JitDashboard.Features.Policies;
using System.Diagnostics;
using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace JitDashboard.Hosting;

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary><c>Health:ArmTimeout</c>: the ARM probe's budget (one try, no retries).</summary>
    public TimeSpan ArmTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Health:ArmCacheDuration</c>: how long an ARM probe result is reused (probes come every few seconds).</summary>
    public TimeSpan ArmCacheDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (database and ARM reachable): anonymous JSON.</summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName);
        builder.Services.AddSingleton<ArmHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<ArmHealthCheck>("arm", tags: [ReadyTag])
            .AddCheck<EstateHealthCheck>("estate", tags: [ReadyTag]);
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

/// <summary>The database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<JitDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A real read of a table (not only a connection): a locked SQLite file or a stopped server shows.
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.Database.SetCommandTimeout(5);
            await db.PolicyTemplates().AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable: " + e.GetType().Name + ".");
        }
    }
}

/// <summary>
/// ARM answers <c>GET /subscriptions</c> (no permission needed, one try, short timeout), cached briefly so that
/// frequent probes from several load balancers do not become ARM traffic. Any HTTP answer below 500 other than
/// 401/403 counts as reachable; 401/403 mean the identity is broken, which makes the app unready too.
/// </summary>
internal sealed class ArmHealthCheck(ArmRestClient arm, IOptions<HealthOptions> options, TimeProvider time) : IHealthCheck, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, long At)? _cached;

    public void Dispose() => _gate.Dispose();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && time.GetElapsedTime(cached.At) < settings.ArmCacheDuration)
                return cached.Result;
            var result = await ProbeAsync(settings.ArmTimeout, cancellationToken);
            _cached = (result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var status = await arm.ProbeAsync("/subscriptions", "2022-12-01", cts.Token);
            return status switch
            {
                401 or 403 => HealthCheckResult.Unhealthy($"ARM refused the app's identity ({status})."),
                >= 500 => HealthCheckResult.Unhealthy($"ARM answered {status}."),
                _ => HealthCheckResult.Healthy($"ARM answered {status} in {watch.ElapsedMilliseconds} ms."),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"ARM did not answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("ARM is unreachable: " + e.GetType().Name + ".");
        }
    }
}

/// <summary>
/// Degraded (not Unhealthy: the app serves, and shows what it could read) while any subscription is incomplete; the
/// description names which, so a probe's answer says where to look.
/// </summary>
internal sealed class EstateHealthCheck(Platform.Estate.IEstateService estate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = estate.Snapshot;
        var bad = snapshot.SubscriptionStatuses.Values.Where(s => s.Health != Platform.Estate.SubscriptionHealth.Healthy)
            .OrderBy(s => s.Subscription.SubscriptionId, StringComparer.OrdinalIgnoreCase).ToList();
        if (!snapshot.HasLoaded)
            return Task.FromResult(HealthCheckResult.Healthy("The estate has not been loaded yet."));
        if (bad.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy($"All {snapshot.Subscriptions.Count} subscriptions read completely."));
        var which = string.Join("; ", bad.Take(10).Select(s => $"{s.Subscription.SubscriptionId} {s.Health} ({string.Join(", ", s.Problems.Select(p => $"{p.Source} {p.ErrorCode}"))})"));
        return Task.FromResult(HealthCheckResult.Degraded($"{bad.Count} of {snapshot.Subscriptions.Count} subscriptions are incomplete: {which}{(bad.Count > 10 ? "; ..." : "")}"));
    }
}
