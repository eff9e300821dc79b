using JitDashboard.Platform.Work;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitDashboard.UnitTests.Platform.Work;

/// <summary>The worker base on a fake clock: every wait is a timer the test sees created and then advances past.</summary>
public sealed class BackgroundWorkerTests
{
    private readonly TimerWatchingTimeProvider _time = new();
    private readonly WorkerRegistry _registry = new();

    private static Task<TimeSpan?> Done() => Task.FromResult<TimeSpan?>(null);

    [Fact]
    public async Task FailedPasses_BackOff_Doubling_UpToTheMax_AndASuccessResetsTheWait()
    {
        using var worker = new TestWorker(_registry, _time, (n, _) => n <= 4 ? throw new InvalidOperationException($"boom {n}") : Done());
        await worker.StartAsync(CancellationToken.None);

        Assert.Equal(1, await worker.NextPassAsync());
        foreach (var (expected, pass) in new[] { (10, 2), (20, 3), (40, 4), (60, 5) })
        {
            Assert.Equal(TimeSpan.FromSeconds(expected), await _time.NextTimerAsync());
            Assert.Equal(pass - 1, worker.Status.ConsecutiveFailures);
            Assert.Equal(WorkerState.Retrying, worker.Status.State);
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(expected), worker.Status.NextRunAt);
            // A moment early: no pass yet.
            _time.Advance(TimeSpan.FromSeconds(expected) - TimeSpan.FromMilliseconds(1));
            Assert.True(worker.NoNewPass);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(pass, await worker.NextPassAsync());
        }

        // Pass 5 succeeded: back to the interval.
        Assert.Equal(TimeSpan.FromSeconds(10), await _time.NextTimerAsync());
        Assert.Equal(0, worker.Status.ConsecutiveFailures);
        Assert.Equal(WorkerState.Waiting, worker.Status.State);
        Assert.Equal(_time.GetUtcNow(), worker.Status.LastSuccessAt);
        // Only the successful pass counts (four failed before it).
        Assert.Equal(1, worker.Status.Passes);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AFailure_IsRecorded_InTheRegistry_AndThreeInARow_DegradeTheHealthCheck_WithoutTheMessage()
    {
        using var worker = new TestWorker(_registry, _time, (n, _) => n <= 3 ? throw new InvalidOperationException("secret-host.internal refused") : Done());
        var health = new WorkersHealthCheck(_registry);
        await worker.StartAsync(CancellationToken.None);
        await worker.NextPassAsync();
        await _time.NextTimerAsync();

        var status = _registry.Find("test-worker");
        Assert.NotNull(status);
        Assert.Equal(1, status.ConsecutiveFailures);
        Assert.Equal("InvalidOperationException: secret-host.internal refused", status.LastError);
        Assert.Equal("InvalidOperationException", status.LastErrorType);
        Assert.Equal(_time.GetUtcNow(), status.LastErrorAt);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);

        _time.Advance(TimeSpan.FromSeconds(10));
        await worker.NextPassAsync();
        _time.Advance(await _time.NextTimerAsync());
        await worker.NextPassAsync();
        var wait = await _time.NextTimerAsync();
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("test-worker failed 3 times in a row (InvalidOperationException)", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-host", degraded.Description, StringComparison.Ordinal);

        // The fourth pass succeeds: healthy again; the last error stays for whoever looks.
        _time.Advance(wait);
        await worker.NextPassAsync();
        await _time.NextTimerAsync();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal("InvalidOperationException", _registry.Find("test-worker")!.LastErrorType);
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ASignal_WakesTheWorker_BeforeItsInterval()
    {
        var signal = new WorkSignal();
        using var worker = new TestWorker(_registry, _time, (_, _) => Done(), signal, interval: TimeSpan.FromHours(1));
        await worker.StartAsync(CancellationToken.None);
        Assert.Equal(1, await worker.NextPassAsync());
        Assert.Equal(TimeSpan.FromHours(1), await _time.NextTimerAsync());

        signal.Notify();

        Assert.Equal(2, await worker.NextPassAsync());
        Assert.Equal(TimeSpan.FromHours(1), await _time.NextTimerAsync());
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ASignal_DuringAPass_IsNotLost_TheNextPassFollowsAtOnce()
    {
        var signal = new WorkSignal();
        using var worker = new TestWorker(_registry, _time, (n, _) =>
        {
            if (n == 1) signal.Notify();
            return Done();
        }, signal, interval: TimeSpan.FromHours(1));
        await worker.StartAsync(CancellationToken.None);
        Assert.Equal(1, await worker.NextPassAsync());
        // No clock advance: the signal given during pass 1 starts pass 2.
        Assert.Equal(2, await worker.NextPassAsync());
        Assert.Equal(TimeSpan.FromHours(1), await _time.NextTimerAsync());
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AnInfiniteInterval_WaitsForASignalOnly_AndAFailureIsStillRetried()
    {
        var signal = new WorkSignal();
        using var worker = new TestWorker(_registry, _time, (n, _) => n == 2 ? throw new InvalidOperationException("once") : Done(), signal, interval: Timeout.InfiniteTimeSpan);
        await worker.StartAsync(CancellationToken.None);
        Assert.Equal(1, await worker.NextPassAsync());
        _time.Advance(TimeSpan.FromDays(1));
        Assert.True(worker.NoNewPass);
        Assert.Null(worker.Status.NextRunAt);

        signal.Notify();
        Assert.Equal(2, await worker.NextPassAsync());
        // The failed pass is retried after the default first backoff of a signal-only worker.
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await worker.NextPassAsync());
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task APass_MayNameItsOwnNextWait()
    {
        using var worker = new TestWorker(_registry, _time, (_, _) => Task.FromResult<TimeSpan?>(TimeSpan.FromSeconds(3)));
        await worker.StartAsync(CancellationToken.None);
        await worker.NextPassAsync();
        Assert.Equal(TimeSpan.FromSeconds(3), await _time.NextTimerAsync());
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_CancelsThePassAndTheTrackedWork_AndAwaitsBoth()
    {
        var passCleanedUp = false;
        var workCleanedUp = false;
        TestWorker worker = null!;
        worker = new TestWorker(_registry, _time, async (n, ct) =>
        {
            _ = worker.StartTracked(async token =>
            {
                try
                {
                    await new TaskCompletionSource().Task.WaitAsync(token);
                }
                finally
                {
                    // Some asynchronous clean-up after the cancellation: stop must wait for it.
                    await Task.Yield();
                    workCleanedUp = true;
                }
            }, ct);
            try
            {
                await new TaskCompletionSource().Task.WaitAsync(ct);
            }
            finally
            {
                await Task.Yield();
                passCleanedUp = true;
            }
            return null;
        });
        using (worker)
        {
            await worker.StartAsync(CancellationToken.None);
            await worker.NextPassAsync();

            await worker.StopAsync(CancellationToken.None);

            Assert.True(passCleanedUp);
            Assert.True(workCleanedUp);
            Assert.Equal(WorkerState.Stopped, worker.Status.State);
            // A cancelled pass at shutdown is no failure.
            Assert.Equal(0, worker.Status.ConsecutiveFailures);
        }
    }

    [Fact]
    public async Task TrackedWork_ThatFails_DoesNotStopTheWorker()
    {
        using var worker = new TestWorker(_registry, _time, (_, _) => Done());
        await worker.StartAsync(CancellationToken.None);
        await worker.NextPassAsync();
        await worker.StartTracked(_ => throw new InvalidOperationException("lost post"), CancellationToken.None);
        await _time.NextTimerAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, await worker.NextPassAsync());
        await worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task APass_KnowsWhenItTookTheLeaseOver_FromAnotherInstance()
    {
        var lease = new FakeLease { Available = true };
        using var worker = new TestWorker(_registry, _time, (_, _) => Done(), lease: new WorkerLease(lease, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));
        await worker.StartAsync(CancellationToken.None);
        // Held from the start: nobody else acted before, not a takeover.
        Assert.Equal(1, await worker.NextPassAsync());
        await _time.NextTimerAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await worker.NextPassAsync());

        // Lost, then taken back: the first pass after standing by is a takeover, the next is not.
        lease.Available = false;
        await _time.NextTimerAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        Assert.Equal(WorkerState.Standby, worker.Status.State);
        lease.Available = true;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await worker.NextPassAsync());
        await _time.NextTimerAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(4, await worker.NextPassAsync());
        await _time.NextTimerAsync();
        await worker.StopAsync(CancellationToken.None);
        lock (worker.TookOver) Assert.Equal([false, false, true, false], worker.TookOver);
    }

    [Fact]
    public async Task WithALease_PassesRunOnlyWhileItIsHeld_AndItIsReleasedAtStop()
    {
        var lease = new FakeLease { Available = false };
        using var worker = new TestWorker(_registry, _time, (_, _) => Done(), lease: new WorkerLease(lease, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5)));
        await worker.StartAsync(CancellationToken.None);

        // Another instance holds it: stand by, try again after the renew interval.
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        Assert.True(worker.NoNewPass);
        Assert.Equal(WorkerState.Standby, worker.Status.State);
        Assert.False(worker.Status.HoldsLease);

        lease.Available = true;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await worker.NextPassAsync());
        // The interval is 10 s, but the lease is renewed every 5 s.
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        Assert.True(worker.Status.HoldsLease);
        Assert.Equal(2, lease.Acquisitions);

        // Lost to another instance (e.g. this one could not renew in time): no further passes.
        lease.Available = false;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        Assert.True(worker.NoNewPass);
        Assert.Equal(WorkerState.Standby, worker.Status.State);

        lease.Available = true;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, await worker.NextPassAsync());
        await _time.NextTimerAsync();
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(1, lease.Releases);
        Assert.False(worker.Status.HoldsLease);
    }

    [Fact]
    public async Task ADisabledWorker_DoesNothing()
    {
        using var worker = new DisabledWorker(_registry, _time);
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);
        Assert.Equal(WorkerState.Disabled, _registry.Find(nameof(DisabledWorker))!.State);
    }

    private sealed class DisabledWorker(WorkerRegistry registry, TimeProvider time)
        : BackgroundWorker(registry, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

        protected override bool Enabled => false;

        protected override Task<TimeSpan?> RunOnceAsync(CancellationToken ct) => throw new InvalidOperationException("must not run");
    }
}
