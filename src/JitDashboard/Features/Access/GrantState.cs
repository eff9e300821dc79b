namespace JitDashboard.Features.Access;

/// <summary>A grant as Azure reports it in the policy's <c>requests</c>.</summary>
public enum GrantState
{
    Active,
    Expired,

    /// <summary>Revoked because a newer request for the same port was initiated (e.g. an extension).</summary>
    Superseded,
}
