using JitDashboard.Platform.Work;

namespace JitDashboard.UnitTests.Platform.Work;

/// <summary>A lease the test hands out or withholds (<see cref="Available"/>); records acquisitions and releases.</summary>
internal sealed class FakeLease : IWorkLease
{
    private volatile bool _held;

    public volatile bool Available;

    public int Acquisitions;

    public int Releases;

    public string Holder => "this-instance";

    public bool IsHeld => _held;

    public Task<bool> TryAcquireAsync(TimeSpan duration, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Acquisitions);
        _held = Available;
        return Task.FromResult(_held);
    }

    public Task ReleaseAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref Releases);
        _held = false;
        return Task.CompletedTask;
    }
}
