using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// ARM's per-subscription token buckets (reads 250 +25/s, writes 200 +10/s by default), and two resource providers'
/// own: Compute's "high cost" VM GETs (900 +5/s) and Network's 5-minute limits (reads 10000, writes 1000); on the
/// simulator clock.
/// </summary>
public sealed class Throttling(SimulatorClock clock, SimulatorOptions options)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset Updated;
        /// <summary>Requests refused since the bucket last granted one (for HighCostGet30Min's measuredRequestCount).</summary>
        public int Refused;
    }

    /// <summary>Takes a token from ARM's read or write bucket.</summary>
    public (bool Granted, int Remaining, int RetryAfterSeconds) Take(string subscription, bool write)
        => Take(subscription, write ? BucketKind.Write : BucketKind.Read).Result;

    /// <summary>The bucket's size for <paramref name="kind"/>.</summary>
    public int Capacity(BucketKind kind) => kind switch
    {
        BucketKind.Write => options.WriteBucketCapacity,
        BucketKind.HighCostGet => options.HighCostBucketCapacity,
        BucketKind.NetworkRead => options.NetworkReadBucketCapacity,
        BucketKind.NetworkWrite => options.NetworkWriteBucketCapacity,
        _ => options.ReadBucketCapacity,
    };

    private double Rate(BucketKind kind) => kind switch
    {
        BucketKind.Write => options.WriteRefillPerSecond,
        BucketKind.HighCostGet => options.HighCostRefillPerSecond,
        BucketKind.NetworkRead => options.NetworkReadBucketCapacity / 300.0,
        BucketKind.NetworkWrite => options.NetworkWriteBucketCapacity / 300.0,
        _ => options.ReadRefillPerSecond,
    };

    /// <summary>
    /// Takes a token; returns whether it was granted, what remains, if refused the seconds to wait, and how many
    /// requests the bucket has now been asked for beyond its size.
    /// </summary>
    public ((bool Granted, int Remaining, int RetryAfterSeconds) Result, int Refused) Take(string subscription, BucketKind kind)
    {
        var capacity = Capacity(kind);
        var rate = Rate(kind);
        var now = clock.UtcNow;
        lock (_buckets)
        {
            var key = kind + "|" + subscription.ToLowerInvariant();
            if (!_buckets.TryGetValue(key, out var b))
                _buckets[key] = b = new Bucket { Tokens = capacity, Updated = now };
            var elapsed = Math.Max(0, (now - b.Updated).TotalSeconds);
            b.Tokens = Math.Min(capacity, b.Tokens + elapsed * rate);
            b.Updated = now;
            if (!options.Throttling)
                return ((true, (int)b.Tokens, 0), 0);
            if (b.Tokens >= 1)
            {
                b.Tokens -= 1;
                b.Refused = 0;
                return ((true, (int)b.Tokens, 0), 0);
            }
            b.Refused++;
            var wait = rate <= 0 ? 60 : (int)Math.Ceiling((1 - b.Tokens) / rate);
            return ((false, 0, Math.Max(1, wait)), b.Refused);
        }
    }

    public void Reset()
    {
        lock (_buckets)
            _buckets.Clear();
    }
}
