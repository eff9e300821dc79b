namespace JitDashboard.Features.Access;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AccessRequestStatus>))]
public enum AccessRequestStatus
{
    /// <summary>Filed, waiting for an approver.</summary>
    Pending,

    /// <summary>Approved (by a person or a rule); JIT not yet initiated (scheduled, or in flight).</summary>
    Approved,

    /// <summary>JIT initiated: the port is open from the requester's address until <see cref="AccessRequest.EndsAt"/>.</summary>
    Active,

    /// <summary>The grant reached its end time.</summary>
    Expired,

    Denied,

    /// <summary>Withdrawn by the requester while pending.</summary>
    Cancelled,

    /// <summary>ARM refused the initiate (<see cref="AccessRequest.Error"/> has its message).</summary>
    Failed,

    /// <summary>Ended early ("close now").</summary>
    Closed,

    /// <summary>Nobody decided before <c>Access:PendingExpiry</c> passed.</summary>
    TimedOut,
}
