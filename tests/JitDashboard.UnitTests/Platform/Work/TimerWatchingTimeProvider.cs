using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.UnitTests.Platform.Work;

/// <summary>
/// A fake clock that tells the test each time a timer is created and for how long: a worker's wait has begun, so
/// advancing the clock now is no race, and the wait's length is the one to assert.
/// </summary>
internal sealed class TimerWatchingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The due time of the next timer created (bounded, so a broken worker fails instead of hanging).</summary>
    public async Task<TimeSpan> NextTimerAsync() => await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>True when no timer was created since the last read.</summary>
    public bool NoNewTimer => !_timers.Reader.TryPeek(out _);
}
