namespace JitDashboard.Features.Machines;

/// <param name="Source">The list that could not be read (VirtualMachines, NetworkSecurityGroups, JitPolicies, Assessments, DefenderPlans, ...) or Subscription.</param>
/// <param name="Stale">True when the last good data is shown instead (its time in LastSuccessAt).</param>
public sealed record SubscriptionProblemItem(string Source, string? ErrorCode, string Message, string Fix, bool Stale, DateTimeOffset? LastSuccessAt);
