using System.Runtime.CompilerServices;

namespace JitDashboard.Platform.Work;

/// <summary>
/// Work started now and finished later (a post, a run), never fire-and-forget: each piece is tracked until it ends,
/// a failure is handed to <c>onFailure</c> (logged, recorded), and <see cref="WhenAllAsync"/> awaits what is still
/// running, so shutdown waits for it (its token is cancelled by then) instead of abandoning it.
/// </summary>
public sealed class WorkTracker(Action<Exception> onFailure)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    /// <summary>Pieces of work still running.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _running.Count;
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> off the caller's thread and tracks it; the returned task ends when the work
    /// ends and never faults (a failure goes to <c>onFailure</c>; a cancellation of <paramref name="ct"/> is no failure).
    /// </summary>
    public Task Start(Func<CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var self = new StrongBox<Task>();
        self.Value = RunAsync(work, started.Task, self, ct);
        lock (_gate) _running.Add(self.Value);
        // Registered before the work begins, so its removal always finds it.
        started.SetResult();
        return self.Value;
    }

    /// <summary>Awaits every piece of work running now (and any started meanwhile).</summary>
    public async Task WhenAllAsync()
    {
        while (true)
        {
            Task[] running;
            lock (_gate) running = [.. _running];
            if (running.Length == 0) return;
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> work, Task started, StrongBox<Task> self, CancellationToken ct)
    {
        await started.ConfigureAwait(false);
        // Off the caller's thread at once, so starting work never waits for it.
        await Task.Yield();
        try
        {
            await work(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception ex)
        {
            onFailure(ex);
        }
        finally
        {
            lock (_gate) _running.Remove(self.Value!);
        }
    }
}
