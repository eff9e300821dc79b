using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitDashboard.Hosting;

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
