namespace JitDashboard.Features.Access;

/// <summary>
/// The request lifecycle as pure code: Pending → Approved → Active → Expired, or Denied, Cancelled (requester, while
/// pending), TimedOut (pending too long), Failed (initiate refused), Closed (ended early). Terminal states never change.
/// </summary>
public static class AccessStateMachine
{
    private static readonly Dictionary<(AccessRequestStatus, AccessTrigger), AccessRequestStatus> Transitions = new()
    {
        [(AccessRequestStatus.Pending, AccessTrigger.Approve)] = AccessRequestStatus.Approved,
        [(AccessRequestStatus.Pending, AccessTrigger.Deny)] = AccessRequestStatus.Denied,
        [(AccessRequestStatus.Pending, AccessTrigger.Cancel)] = AccessRequestStatus.Cancelled,
        [(AccessRequestStatus.Pending, AccessTrigger.TimeOut)] = AccessRequestStatus.TimedOut,
        [(AccessRequestStatus.Approved, AccessTrigger.Activate)] = AccessRequestStatus.Active,
        [(AccessRequestStatus.Approved, AccessTrigger.Fail)] = AccessRequestStatus.Failed,

        // A scheduled window may be withdrawn before it starts.
        [(AccessRequestStatus.Approved, AccessTrigger.Close)] = AccessRequestStatus.Closed,
        [(AccessRequestStatus.Active, AccessTrigger.Close)] = AccessRequestStatus.Closed,
        [(AccessRequestStatus.Active, AccessTrigger.Expire)] = AccessRequestStatus.Expired,
    };

    /// <summary>The state after <paramref name="trigger"/>, or null when the trigger does not apply in <paramref name="from"/>.</summary>
    public static AccessRequestStatus? Next(AccessRequestStatus from, AccessTrigger trigger) =>
        Transitions.TryGetValue((from, trigger), out var to) ? to : null;

    public static bool CanFire(AccessRequestStatus from, AccessTrigger trigger) => Next(from, trigger) is not null;

    /// <summary>No trigger applies any more.</summary>
    public static bool IsTerminal(AccessRequestStatus status) =>
        status is AccessRequestStatus.Expired or AccessRequestStatus.Denied or AccessRequestStatus.Cancelled
            or AccessRequestStatus.Failed or AccessRequestStatus.Closed or AccessRequestStatus.TimedOut;

    /// <summary>A decision (approve or deny) has been made or is moot.</summary>
    public static bool IsDecided(AccessRequestStatus status) => status != AccessRequestStatus.Pending;
}
