using System.Threading.Channels;
using JitDashboard.Platform.Work;
using Microsoft.Extensions.Logging.Abstractions;

namespace JitDashboard.UnitTests.Platform.Work;

/// <summary>A worker whose pass is the test's function; each pass is announced on <see cref="Passes"/>.</summary>
internal sealed class TestWorker(
    WorkerRegistry registry,
    TimeProvider time,
    Func<int, CancellationToken, Task<TimeSpan?>> pass,
    WorkSignal? signal = null,
    WorkerLease? lease = null,
    TimeSpan? interval = null,
    WorkerBackoff? backoff = null) : BackgroundWorker(registry, time, NullLogger.Instance, signal, "test-worker")
{
    private readonly Channel<int> _passes = Channel.CreateUnbounded<int>();
    private int _count;

    protected override TimeSpan Interval => interval ?? TimeSpan.FromSeconds(10);

    protected override WorkerBackoff Backoff => backoff ?? base.Backoff;

    protected override WorkerLease? Lease => lease;

    /// <summary>Starts work the way a pass does, for the tests of <see cref="BackgroundWorker.Tracker"/>.</summary>
    public Task StartTracked(Func<CancellationToken, Task> work, CancellationToken ct) => Tracker.Start(work, ct);

    /// <summary>The number of the next pass that started (1 = the first).</summary>
    public async Task<int> NextPassAsync() => await _passes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool NoNewPass => !_passes.Reader.TryPeek(out _);

    /// <summary>Per pass (in order): whether it was the first after standing by while another instance held the lease.</summary>
    public List<bool> TookOver { get; } = [];

    protected override Task<TimeSpan?> RunOnceAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _count);
        lock (TookOver) TookOver.Add(JustTookOver);
        _passes.Writer.TryWrite(n);
        return pass(n, ct);
    }
}
