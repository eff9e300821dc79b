using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitDashboard.Platform.Work;

/// <summary>
/// Degraded (the app serves; queued work waits) while a worker keeps failing; the description names the worker and
/// the exception's type, never its message (it can name hosts and users).
/// </summary>
public sealed class WorkersHealthCheck(WorkerRegistry registry) : IHealthCheck
{
    /// <summary>Failures in a row before a worker counts as failing: one or two are a blip (a restart, a lock).</summary>
    public const int FailingAfter = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workers = registry.All();
        var failing = workers.Where(w => w.ConsecutiveFailures >= FailingAfter).ToList();
        if (failing.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy($"{workers.Count} background workers, none failing."));
        var which = string.Join("; ", failing.Select(w => $"{w.Name} failed {w.ConsecutiveFailures} times in a row ({w.LastErrorType})"));
        return Task.FromResult(HealthCheckResult.Degraded($"{failing.Count} of {workers.Count} background workers are failing: {which}"));
    }
}
