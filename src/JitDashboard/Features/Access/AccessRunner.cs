using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Access;

/// <summary>Wakes the runner at once (a request was approved for later, say) instead of at the next poll.</summary>
public sealed class AccessSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// The access worker: every poll it times out unanswered requests, initiates approved ones that are due (scheduled
/// starts, and any interrupted by a restart), warns before expiry, and marks grants Expired when their end passes or
/// when Azure reports them revoked. Everything it needs is in the database, so a restart resumes where it stopped.
/// </summary>
public sealed partial class AccessRunner(AccessService service, AccessSignal signal, IOptions<AccessOptions> options, ILogger<AccessRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await service.ProcessDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // E.g. the database not migrated yet at start: try again at the next poll.
                LogPassFailed(logger, ex);
            }
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access worker pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception ex);
}
