using System.Diagnostics;

namespace JitDashboard.Testing;

/// <summary>
/// The one bounded poll of the test projects, for an asynchronous outcome the app exposes no event for: the
/// condition is checked at once and then every <c>poll</c> until it holds, and the wait fails with a
/// <see cref="TimeoutException"/> naming what never happened (and the last value seen) once <c>timeout</c> has
/// passed. The timeout is a limit so that a broken build fails instead of hanging, never a timing assertion.
/// Exceptions from the condition (e.g. a failed assert while waiting) propagate at once.
/// </summary>
public static class Eventually
{
    /// <summary>The default interval between two checks.</summary>
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> returns true.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await WaitAsync(condition, done => done, timeout, what, poll, cancellationToken);
    }

    /// <summary>Waits until <paramref name="condition"/> returns true (a synchronous check, e.g. of in-memory state).</summary>
    public static Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return WaitAsync(() => Task.FromResult(condition()), timeout, what, poll, cancellationToken);
    }

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="done"/> holds for its value, and returns that value; on
    /// timeout the message shows the last value read.
    /// </summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? poll = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var interval = poll ?? DefaultPoll;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
                return value;
            if (clock.Elapsed >= timeout)
            {
                var last = value is bool ? "" : $" Last seen: {value}";
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}.{last}");
            }
            // The helper's own bounded poll interval (the one delay the sleep guard allows in the test projects).
            await Task.Delay(interval, cancellationToken);
        }
    }
}
