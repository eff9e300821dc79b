namespace JitDashboard.Features.Access;

/// <summary>What can happen to a request.</summary>
public enum AccessTrigger
{
    Approve,
    Deny,
    Cancel,

    /// <summary>Nobody decided in time.</summary>
    TimeOut,

    /// <summary>JIT initiate accepted and confirmed.</summary>
    Activate,

    /// <summary>ARM refused the initiate.</summary>
    Fail,

    /// <summary>Ended early by the requester, an approver or an admin.</summary>
    Close,

    /// <summary>The grant's end time passed.</summary>
    Expire,
}
