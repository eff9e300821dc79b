using JitDashboard.Platform.Work;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Access;

/// <summary>
/// The access worker: every poll, and at once when an approval wakes it (<see cref="WorkSignal{AccessRunner}"/>), it
/// runs <see cref="AccessProcessor.ProcessDueAsync"/>: times out unanswered requests, initiates approved ones that are
/// due, warns before expiry, marks grants Expired. A restart resumes from the database.
/// </summary>
public sealed class AccessRunner(
    AccessProcessor processor,
    WorkSignal<AccessRunner> signal,
    WorkerRegistry registry,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<AccessRunner> logger) : BackgroundWorker(registry, time, logger, signal)
{
    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        await processor.ProcessDueAsync(ct);
        return null;
    }
}
