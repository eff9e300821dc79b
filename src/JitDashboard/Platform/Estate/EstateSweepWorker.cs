using JitDashboard.Platform.Work;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate;

/// <summary>The full sweep: the first at start (start-up does not wait for ARM), then every <see cref="EstateOptions.RefreshInterval"/>.</summary>
public sealed class EstateSweepWorker(EstateRefreshCoordinator coordinator, IOptions<EstateOptions> options, WorkerRegistry registry, TimeProvider time,
    ILogger<EstateSweepWorker> logger) : BackgroundWorker(registry, time, logger)
{
    protected override TimeSpan Interval => options.Value.RefreshInterval;

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        await coordinator.SweepAsync(ct);
        coordinator.SweepScheduled(Time.GetUtcNow() + Interval);
        return null;
    }
}
