namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>A standby's request to the estate leader, sent on the change bus.</summary>
/// <param name="Id">Matches the reply (none for <see cref="EstateRequestKind.Notify"/>).</param>
/// <param name="Kind">What to do.</param>
/// <param name="ResourceIds">The resources (Notify, Now).</param>
/// <param name="Events">How many events named them (Notify).</param>
public sealed record EstateRequest(Guid Id, EstateRequestKind Kind, IReadOnlyList<string> ResourceIds, int Events);

/// <summary>What a standby asks of the leader.</summary>
public enum EstateRequestKind
{
    /// <summary>Events wait in the inbox (no ids), or, when the standby could not store them, named these resources; no reply.</summary>
    Notify,

    /// <summary>Read these resources now (a write just changed them); replied once stored.</summary>
    Now,

    /// <summary>A full sweep, joining one in flight.</summary>
    Sweep,

    /// <summary>A full sweep that starts after the request.</summary>
    SweepAfterChange,
}

/// <summary>The leader's answer: the stored version that holds the refresh, and the VMs it re-evaluated (when they fit).</summary>
public sealed record EstateReply(Guid Id, long Version, IReadOnlyList<string>? Changed);
