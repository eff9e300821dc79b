using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>ARM's per-subscription token buckets (reads 250 +25/s, writes 200 +10/s by default), on the simulator clock.</summary>
public sealed class Throttling(SimulatorClock clock, SimulatorOptions options)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset Updated;
    }

    /// <summary>Takes a token; returns whether it was granted, what remains and, if refused, the seconds to wait.</summary>
    public (bool Granted, int Remaining, int RetryAfterSeconds) Take(string subscription, bool write)
    {
        var capacity = write ? options.WriteBucketCapacity : options.ReadBucketCapacity;
        var rate = write ? options.WriteRefillPerSecond : options.ReadRefillPerSecond;
        var now = clock.UtcNow;
        lock (_buckets)
        {
            var key = (write ? "w|" : "r|") + subscription.ToLowerInvariant();
            if (!_buckets.TryGetValue(key, out var b))
                _buckets[key] = b = new Bucket { Tokens = capacity, Updated = now };
            var elapsed = Math.Max(0, (now - b.Updated).TotalSeconds);
            b.Tokens = Math.Min(capacity, b.Tokens + elapsed * rate);
            b.Updated = now;
            if (!options.Throttling)
                return (true, (int)b.Tokens, 0);
            if (b.Tokens >= 1)
            {
                b.Tokens -= 1;
                return (true, (int)b.Tokens, 0);
            }
            var wait = rate <= 0 ? 60 : (int)Math.Ceiling((1 - b.Tokens) / rate);
            return (false, 0, Math.Max(1, wait));
        }
    }

    public void Reset()
    {
        lock (_buckets)
            _buckets.Clear();
    }
}
