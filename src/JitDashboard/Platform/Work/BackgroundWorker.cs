namespace JitDashboard.Platform.Work;

/// <summary>
/// The one shape of every background loop: a pass (<see cref="RunOnceAsync"/>), then a wait until the next one that a
/// <see cref="WorkSignal"/> can cut short. Around it, once for all workers:
/// <list type="bullet">
/// <item>a failed pass is logged, recorded and retried after a growing <see cref="Backoff"/> (the loop never dies);</item>
/// <item>with a <see cref="Lease"/>, passes run only on the instance holding it; it is renewed between passes and released at stop;</item>
/// <item>shutdown cancels the pass and awaits it, and awaits the work it started through <see cref="Tracker"/>;</item>
/// <item>every step is reported to the <see cref="WorkerRegistry"/> (last run, last error, next run) for /health/ready and metrics;</item>
/// <item>all waits run on the <see cref="TimeProvider"/>, so tests drive a fake clock and never sleep.</item>
/// </list>
/// </summary>
public abstract partial class BackgroundWorker : BackgroundService
{
    private readonly WorkerRegistry _registry;
    private readonly WorkSignal? _signal;
    private WorkerStatus _status;

    protected BackgroundWorker(WorkerRegistry registry, TimeProvider time, ILogger logger, WorkSignal? signal = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _signal = signal;
        Time = time;
        Logger = logger;
        _status = new WorkerStatus(name ?? GetType().Name);
        Tracker = new WorkTracker(ex => LogWorkFailed(Logger, ex, Name));
    }

    /// <summary>The name in logs and in the registry (the type's name unless given).</summary>
    public string Name => _status.Name;

    /// <summary>What the worker last reported.</summary>
    public WorkerStatus Status => _status;

    protected TimeProvider Time { get; }

    protected ILogger Logger { get; }

    /// <summary>Work a pass starts and does not await itself (posts, runs): awaited at stop, failures logged.</summary>
    protected WorkTracker Tracker { get; }

    /// <summary>
    /// The wait after a successful pass that names none (read before each wait, so settings may change);
    /// <see cref="Timeout.InfiniteTimeSpan"/>: only a signal starts the next pass.
    /// </summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The waits after failed passes; by default from <see cref="Interval"/> up to a minute.</summary>
    protected virtual WorkerBackoff Backoff => WorkerBackoff.From(Interval);

    /// <summary>Set when the job must run on one instance only.</summary>
    protected virtual WorkerLease? Lease => null;

    /// <summary>
    /// True during the first successful pass after this instance stood by while another held the lease: what the
    /// other instance did meanwhile is not known here.
    /// </summary>
    protected bool JustTookOver { get; private set; }

    /// <summary>False: the worker does nothing (reported <see cref="WorkerState.Disabled"/>).</summary>
    protected virtual bool Enabled => true;

    /// <summary>Brings the next pass forward (e.g. work the worker started itself has ended and freed a slot).</summary>
    protected void Wake() => _signal?.Notify();

    /// <summary>
    /// One pass. Returns the wait until the next pass, or null for <see cref="Interval"/>. A throw is a failure
    /// (backoff); a cancellation at shutdown ends the worker.
    /// </summary>
    protected abstract Task<TimeSpan?> RunOnceAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            Report(_status with { State = WorkerState.Disabled });
            return;
        }
        Report(_status);
        var nextRenew = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var lease = Lease;
                TimeSpan wait;
                try
                {
                    if (lease is not null && Time.GetUtcNow() >= nextRenew)
                    {
                        await RenewAsync(lease, stoppingToken).ConfigureAwait(false);
                        nextRenew = Time.GetUtcNow() + lease.RenewEvery;
                    }
                    if (lease is { Lease.IsHeld: false })
                    {
                        JustTookOver = true;
                        Report(_status with { State = WorkerState.Standby, HoldsLease = false });
                        wait = nextRenew - Time.GetUtcNow();
                    }
                    else
                    {
                        Report(_status with { State = WorkerState.Running, LastRunAt = Time.GetUtcNow(), HoldsLease = lease is null ? null : true });
                        wait = await RunOnceAsync(stoppingToken).ConfigureAwait(false) ?? Interval;
                        JustTookOver = false;
                        Report(_status with { State = WorkerState.Waiting, LastSuccessAt = Time.GetUtcNow(), ConsecutiveFailures = 0, Passes = _status.Passes + 1 });
                        // The lease is renewed between passes: wake for it even when no pass is due.
                        if (lease is not null) wait = Min(wait, nextRenew - Time.GetUtcNow());
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // E.g. the database not migrated yet at start, or down for a while: retry later, less often.
                    var failures = _status.ConsecutiveFailures + 1;
                    wait = Backoff.Delay(failures);
                    Report(_status with
                    {
                        State = WorkerState.Retrying,
                        LastErrorAt = Time.GetUtcNow(),
                        LastError = $"{ex.GetType().Name}: {ex.Message}",
                        LastErrorType = ex.GetType().Name,
                        ConsecutiveFailures = failures,
                    });
                    LogPassFailed(Logger, ex, Name, failures, wait);
                }
                var untilSignalled = wait == Timeout.InfiniteTimeSpan;
                if (!untilSignalled && wait < TimeSpan.Zero) wait = TimeSpan.Zero;
                Report(_status with { NextRunAt = untilSignalled ? null : Time.GetUtcNow() + wait });
                if (!await WaitAsync(wait, stoppingToken).ConfigureAwait(false)) break;
            }
        }
        finally
        {
            // The token is cancelled by now: what the passes started ends soon, and is awaited, not abandoned.
            await Tracker.WhenAllAsync().ConfigureAwait(false);
            await ReleaseAsync(Lease).ConfigureAwait(false);
            Report(_status with { State = WorkerState.Stopped, NextRunAt = null });
        }
    }

    /// <summary>The wait between passes; false when the host is stopping.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            if (_signal is not null)
                await _signal.WaitAsync(wait, Time, stoppingToken).ConfigureAwait(false);
            else if (wait > TimeSpan.Zero)
                await Task.Delay(wait, Time, stoppingToken).ConfigureAwait(false);
            return !stoppingToken.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RenewAsync(WorkerLease lease, CancellationToken ct)
    {
        var was = lease.Lease.IsHeld;
        bool held;
        try
        {
            held = await lease.Lease.TryAcquireAsync(lease.Duration, ct).ConfigureAwait(false);
        }
        finally
        {
            Report(_status with { HoldsLease = lease.Lease.IsHeld });
        }
        if (held && !was) LogLeaseTaken(Logger, Name, lease.Lease.Holder);
        else if (!held && was) LogLeaseLost(Logger, Name, lease.Lease.Holder);
    }

    private async Task ReleaseAsync(WorkerLease? lease)
    {
        if (lease is not { Lease.IsHeld: true }) return;
        try
        {
            await lease.Lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            Report(_status with { HoldsLease = false });
        }
        catch (Exception ex)
        {
            // The lease then simply runs out.
            LogWorkFailed(Logger, ex, Name);
        }
    }

    private void Report(WorkerStatus status)
    {
        _status = status;
        _registry.Report(status);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) =>
        a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan ? a : a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker}: pass failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void LogPassFailed(ILogger logger, Exception ex, string worker, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker}: background work failed")]
    private static partial void LogWorkFailed(ILogger logger, Exception ex, string worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker}: this instance ({Holder}) now holds the lease")]
    private static partial void LogLeaseTaken(ILogger logger, string worker, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker}: this instance ({Holder}) lost the lease to another instance")]
    private static partial void LogLeaseLost(ILogger logger, string worker, string holder);
}
