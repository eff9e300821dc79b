namespace JitDashboard.Platform.Arm;

/// <summary>
/// ARM's per-subscription write bucket as this app spends it: <see cref="Capacity"/> writes at once, refilled at
/// <see cref="RefillPerSecond"/> (ARM's documented 200 and 10/s), plus a cap on writes in flight per subscription.
/// A writer takes a <see cref="ArmWritePermit"/> before the read its write depends on, so a bulk run waits here
/// instead of queueing into 429s, and the read and the write stay one round trip apart. Waits run on the
/// <see cref="TimeProvider"/>, so tests drive a fake clock.
/// </summary>
public sealed class ArmWriteBudget(TimeProvider time, int capacity = ArmWriteBudget.ArmCapacity, double refillPerSecond = ArmWriteBudget.ArmRefillPerSecond)
{
    /// <summary>ARM's write bucket per subscription (PUT, PATCH, POST and DELETE).</summary>
    public const int ArmCapacity = 200;

    /// <summary>ARM's write tokens added per second per subscription.</summary>
    public const double ArmRefillPerSecond = 10;

    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    public int Capacity => capacity;

    public double RefillPerSecond => refillPerSecond;

    /// <summary>
    /// Waits for a slot (at most <paramref name="maxInFlight"/> permits of this subscription at once) and a token.
    /// Dispose the permit when the write is done; <see cref="ArmWritePermit.Refund"/> it when no write was made.
    /// </summary>
    public async Task<ArmWritePermit> AcquireAsync(string subscriptionId, int maxInFlight, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        var bucket = BucketOf(subscriptionId, Math.Max(1, maxInFlight));
        await bucket.Slots.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (bucket)
                {
                    Refill(bucket);
                    if (bucket.Tokens >= 1)
                    {
                        bucket.Tokens -= 1;
                        return new ArmWritePermit(this, bucket);
                    }
                    wait = TimeSpan.FromSeconds((1 - bucket.Tokens) / refillPerSecond);
                }
                await Task.Delay(wait, time, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            bucket.Slots.Release();
            throw;
        }
    }

    /// <summary>The tokens left now for <paramref name="subscriptionId"/> (for tests and diagnostics).</summary>
    public double TokensOf(string subscriptionId)
    {
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(subscriptionId, out var bucket)) return capacity;
            lock (bucket)
            {
                Refill(bucket);
                return bucket.Tokens;
            }
        }
    }

    internal void Return(Bucket bucket, bool refund)
    {
        if (refund)
        {
            lock (bucket) bucket.Tokens = Math.Min(capacity, bucket.Tokens + 1);
        }
        bucket.Slots.Release();
    }

    private Bucket BucketOf(string subscriptionId, int maxInFlight)
    {
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(subscriptionId, out var bucket))
                _buckets[subscriptionId] = bucket = new Bucket(maxInFlight) { Tokens = capacity, Updated = time.GetUtcNow() };
            return bucket;
        }
    }

    private void Refill(Bucket bucket)
    {
        var now = time.GetUtcNow();
        var elapsed = Math.Max(0, (now - bucket.Updated).TotalSeconds);
        bucket.Tokens = Math.Min(capacity, bucket.Tokens + elapsed * refillPerSecond);
        bucket.Updated = now;
    }

    internal sealed class Bucket(int maxInFlight)
    {
        public SemaphoreSlim Slots { get; } = new(maxInFlight, maxInFlight);

        public double Tokens { get; set; }

        public DateTimeOffset Updated { get; set; }
    }
}
