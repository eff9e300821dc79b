namespace JitDashboard.Simulator.State;

/// <summary>Simulated time: real time plus an offset that only moves forward (control API).</summary>
public sealed class SimulatorClock
{
    private long _offsetTicks;

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
