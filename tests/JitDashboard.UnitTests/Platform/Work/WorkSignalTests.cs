using JitDashboard.Platform.Work;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.UnitTests.Platform.Work;

public sealed class WorkSignalTests
{
    private readonly TimerWatchingTimeProvider _time = new();

    [Fact]
    public async Task ANotification_BeforeTheWait_IsKept_AndConsumedOnce()
    {
        var signal = new WorkSignal();
        signal.Notify();
        signal.Notify();
        Assert.True(signal.IsSet);
        Assert.True(await signal.WaitAsync(TimeSpan.FromHours(1), _time, CancellationToken.None));
        Assert.False(signal.IsSet);
        // Two notifications before one wait are one wake-up: the next wait times out.
        var wait = signal.WaitAsync(TimeSpan.FromSeconds(5), _time, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(5), await _time.NextTimerAsync());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await wait);
    }

    [Fact]
    public async Task ANotification_EndsAWaitEarly()
    {
        var signal = new WorkSignal();
        var wait = signal.WaitAsync(TimeSpan.FromHours(1), _time, CancellationToken.None);
        await _time.NextTimerAsync();
        signal.Notify();
        Assert.True(await wait);
    }

    [Fact]
    public async Task Cancellation_EndsAWait_WithOperationCanceled()
    {
        var signal = new WorkSignal();
        using var cts = new CancellationTokenSource();
        var wait = signal.WaitAsync(TimeSpan.FromHours(1), _time, cts.Token);
        await _time.NextTimerAsync();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task PerWorkerSignals_AreSeparateInstances()
    {
        var services = new ServiceCollection().AddWorkers();
        await using var provider = services.BuildServiceProvider();
        var a = provider.GetRequiredService<WorkSignal<WorkSignalTests>>();
        var b = provider.GetRequiredService<WorkSignal<BackgroundWorkerTests>>();
        a.Notify();
        Assert.True(a.IsSet);
        Assert.False(b.IsSet);
        Assert.Same(a, provider.GetRequiredService<WorkSignal<WorkSignalTests>>());
    }
}
