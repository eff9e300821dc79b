namespace JitDashboard.Platform.Work;

/// <summary>
/// Wakes a worker before its next scheduled pass: something was queued. An auto-reset event with one waiter: a
/// <see cref="Notify"/> that arrives while the worker is busy is kept, so the next wait returns at once and no
/// wake-up is lost. The wait runs on a <see cref="TimeProvider"/>, so tests advance a fake clock instead of sleeping.
/// </summary>
public class WorkSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _set = NewSource();

    /// <summary>True while a notification waits to be consumed.</summary>
    public bool IsSet
    {
        get
        {
            lock (_gate) return _set.Task.IsCompleted;
        }
    }

    /// <summary>Wakes the waiter (or the next one to wait). Cheap, never blocks, safe from any thread.</summary>
    public void Notify()
    {
        lock (_gate) _set.TrySetResult();
    }

    /// <summary>
    /// Waits until notified (true, and the notification is consumed) or until <paramref name="timeout"/> passes on
    /// <paramref name="time"/> (false). Throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        ct.ThrowIfCancellationRequested();
        Task signalled;
        lock (_gate) signalled = _set.Task;
        if (!signalled.IsCompleted && timeout != TimeSpan.Zero)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan ? TimeSpan.Zero : timeout, time, stop.Token);
            await Task.WhenAny(signalled, delay).ConfigureAwait(false);
            // Ends the timer (or, with a fake clock, removes it) so waits do not pile up.
            await stop.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        lock (_gate)
        {
            if (!_set.Task.IsCompleted) return false;
            _set = NewSource();
            return true;
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
