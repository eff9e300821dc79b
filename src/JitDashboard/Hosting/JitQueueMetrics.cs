using System.Diagnostics;
using System.Diagnostics.Metrics;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Persistence;
using JitDashboard.Platform.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Hosting;

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
