using JitDashboard.Platform.Arm;
using Microsoft.Extensions.Time.Testing;

namespace JitDashboard.UnitTests.Platform.Arm;

public sealed class ArmWriteBudgetTests
{
    [Fact]
    public async Task Bucket_GivesItsCapacityAtOnce_ThenOnePerRefill_PerSubscription()
    {
        var time = new FakeTimeProvider();
        var budget = new ArmWriteBudget(time, capacity: 3, refillPerSecond: 1);
        var permits = new List<ArmWritePermit>();
        for (var i = 0; i < 3; i++) permits.Add(await budget.AcquireAsync("sub-a", maxInFlight: 10, default));
        // Another subscription has its own bucket.
        permits.Add(await budget.AcquireAsync("sub-b", maxInFlight: 10, default));

        var fourth = budget.AcquireAsync("sub-a", maxInFlight: 10, default);
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(fourth.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(100));
        permits.Add(await fourth);
        Assert.Equal(0, budget.TokensOf("sub-a"), 3);
        permits.ForEach(p => p.Dispose());
    }

    [Fact]
    public async Task InFlightCap_HoldsTheNextUntilOneEnds_AndARefundGivesTheTokenBack()
    {
        var budget = new ArmWriteBudget(new FakeTimeProvider(), capacity: 200, refillPerSecond: 10);
        var first = await budget.AcquireAsync("sub-a", maxInFlight: 2, default);
        var second = await budget.AcquireAsync("sub-a", maxInFlight: 2, default);
        var third = budget.AcquireAsync("sub-a", maxInFlight: 2, default);
        Assert.False(third.IsCompleted);
        Assert.Equal(198, budget.TokensOf("sub-a"), 3);

        // Nothing was written under the first permit: its slot and its token come back.
        first.Refund();
        first.Dispose();
        using var thirdPermit = await third;
        Assert.Equal(198, budget.TokensOf("sub-a"), 3);
        second.Dispose();
        second.Dispose();
        Assert.Equal(198, budget.TokensOf("sub-a"), 3);
    }

    [Fact]
    public async Task CancelledWait_ReleasesItsSlot()
    {
        var time = new FakeTimeProvider();
        var budget = new ArmWriteBudget(time, capacity: 1, refillPerSecond: 1);
        using var only = await budget.AcquireAsync("sub-a", maxInFlight: 2, default);
        using var cts = new CancellationTokenSource();
        var waiting = budget.AcquireAsync("sub-a", maxInFlight: 2, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The cancelled wait gave its slot back: the next one only waits for a token.
        var next = budget.AcquireAsync("sub-a", maxInFlight: 2, default);
        time.Advance(TimeSpan.FromSeconds(1));
        using var permit = await next;
    }
}
