namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>The shared estate version this instance shows (stored by the leader, adopted by a standby); awaitable.</summary>
public sealed class SharedEstateVersion
{
    private readonly Lock _gate = new();
    private readonly List<(long Version, TaskCompletionSource Done)> _waiters = [];

    public long Current { get; private set; }

    public void Reached(long version)
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            if (version <= Current) return;
            Current = version;
            done = _waiters.Where(w => w.Version <= version).Select(w => w.Done).ToList();
            _waiters.RemoveAll(w => w.Version <= version);
        }
        foreach (var d in done) d.TrySetResult();
    }

    /// <summary>Completes once <see cref="Current"/> is at least <paramref name="version"/>.</summary>
    public Task WaitForAsync(long version, CancellationToken ct)
    {
        lock (_gate)
        {
            if (Current >= version) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((version, done));
            return done.Task.WaitAsync(ct);
        }
    }
}
