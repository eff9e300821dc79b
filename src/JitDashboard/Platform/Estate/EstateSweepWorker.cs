using JitDashboard.Platform.Work;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate;

/// <summary>The full sweep: the first at start (start-up does not wait for ARM), then every <see cref="EstateOptions.RefreshInterval"/>.</summary>
/// <remarks>With several instances only the <c>estate</c> lease's holder sweeps; one taking over sweeps at once (what changed meanwhile is not known here).</remarks>
public sealed class EstateSweepWorker(EstateRefreshCoordinator coordinator, IOptions<EstateOptions> options, WorkerRegistry registry, TimeProvider time,
    ILogger<EstateSweepWorker> logger, Sharing.EstateLeadership? leadership = null) : BackgroundWorker(registry, time, logger)
{
    private DateTimeOffset _due = DateTimeOffset.MinValue;

    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override WorkerLease? Lease => leadership?.WorkerLease;

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        // A lease renewal wakes the worker too: sweep only when due.
        var now = Time.GetUtcNow();
        if (now < _due && !JustTookOver) return _due - now;
        await coordinator.SweepAsync(ct);
        _due = Time.GetUtcNow() + Interval;
        coordinator.SweepScheduled(_due);
        return null;
    }
}
