namespace JitDashboard.Features.Access;

/// <summary>Counts the Overview and the posture API show; the access-request feature answers them.</summary>
public sealed record AccessSummary(int PendingApprovals, int ActiveGrants);
