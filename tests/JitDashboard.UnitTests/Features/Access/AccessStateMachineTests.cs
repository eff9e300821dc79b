using JitDashboard.Features.Access;

namespace JitDashboard.UnitTests.Features.Access;

public sealed class AccessStateMachineTests
{
    private static readonly (AccessRequestStatus From, AccessTrigger Trigger, AccessRequestStatus To)[] Allowed =
    [
        (AccessRequestStatus.Pending, AccessTrigger.Approve, AccessRequestStatus.Approved),
        (AccessRequestStatus.Pending, AccessTrigger.Deny, AccessRequestStatus.Denied),
        (AccessRequestStatus.Pending, AccessTrigger.Cancel, AccessRequestStatus.Cancelled),
        (AccessRequestStatus.Pending, AccessTrigger.TimeOut, AccessRequestStatus.TimedOut),
        (AccessRequestStatus.Approved, AccessTrigger.Activate, AccessRequestStatus.Active),
        (AccessRequestStatus.Approved, AccessTrigger.Fail, AccessRequestStatus.Failed),
        (AccessRequestStatus.Approved, AccessTrigger.Close, AccessRequestStatus.Closed),
        (AccessRequestStatus.Active, AccessTrigger.Close, AccessRequestStatus.Closed),
        (AccessRequestStatus.Active, AccessTrigger.Expire, AccessRequestStatus.Expired),
    ];

    /// <summary>Every (state, trigger) pair: exactly the listed ones lead somewhere, everything else is refused.</summary>
    [Fact]
    public void Next_EveryStateAndTrigger_OnlyTheLifecycleTransitionsApply()
    {
        foreach (var from in Enum.GetValues<AccessRequestStatus>())
        {
            foreach (var trigger in Enum.GetValues<AccessTrigger>())
            {
                var expected = Allowed.Where(a => a.From == from && a.Trigger == trigger).Select(a => (AccessRequestStatus?)a.To).SingleOrDefault();
                Assert.Equal(expected, AccessStateMachine.Next(from, trigger));
                Assert.Equal(expected is not null, AccessStateMachine.CanFire(from, trigger));
            }
        }
    }

    [Theory]
    [InlineData(AccessRequestStatus.Expired)]
    [InlineData(AccessRequestStatus.Denied)]
    [InlineData(AccessRequestStatus.Cancelled)]
    [InlineData(AccessRequestStatus.Failed)]
    [InlineData(AccessRequestStatus.Closed)]
    [InlineData(AccessRequestStatus.TimedOut)]
    public void TerminalStates_AcceptNoTrigger(AccessRequestStatus status)
    {
        Assert.True(AccessStateMachine.IsTerminal(status));
        Assert.All(Enum.GetValues<AccessTrigger>(), t => Assert.False(AccessStateMachine.CanFire(status, t)));
    }

    [Theory]
    [InlineData(AccessRequestStatus.Pending)]
    [InlineData(AccessRequestStatus.Approved)]
    [InlineData(AccessRequestStatus.Active)]
    public void OpenStates_AreNotTerminal(AccessRequestStatus status) => Assert.False(AccessStateMachine.IsTerminal(status));

    [Fact]
    public void OnlyPending_IsUndecided()
    {
        Assert.False(AccessStateMachine.IsDecided(AccessRequestStatus.Pending));
        Assert.All(Enum.GetValues<AccessRequestStatus>().Where(s => s != AccessRequestStatus.Pending), s => Assert.True(AccessStateMachine.IsDecided(s)));
    }

    [Fact]
    public void HappyPath_PendingApprovedActiveExpired()
    {
        var s = AccessRequestStatus.Pending;
        foreach (var t in new[] { AccessTrigger.Approve, AccessTrigger.Activate, AccessTrigger.Expire })
            s = AccessStateMachine.Next(s, t)!.Value;
        Assert.Equal(AccessRequestStatus.Expired, s);
    }
}
