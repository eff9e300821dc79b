using JitDashboard.Platform.Work;

namespace JitDashboard.Platform.Estate;

/// <summary>Targeted refreshes: woken when an event queues a resource, and when the next debounced resource is due.</summary>
public sealed class EstateEventWorker(EstateRefreshCoordinator coordinator, WorkerRegistry registry, WorkSignal<EstateEventWorker> signal, TimeProvider time,
    ILogger<EstateEventWorker> logger, Sharing.EstateLeadership? leadership = null) : BackgroundWorker(registry, time, logger, signal)
{
    /// <summary>With several instances, only the <c>estate</c> lease's holder reads what events name (standbys forward them).</summary>
    protected override WorkerLease? Lease => leadership?.WorkerLease;

    /// <summary>Idle: nothing queued; an event wakes the worker at once.</summary>
    protected override TimeSpan Interval => TimeSpan.FromMinutes(5);

    protected override WorkerBackoff Backoff => WorkerBackoff.From(TimeSpan.FromSeconds(1));

    protected override Task<TimeSpan?> RunOnceAsync(CancellationToken ct) => coordinator.ProcessDueAsync(ct);
}
