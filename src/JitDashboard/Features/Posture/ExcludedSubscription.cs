namespace JitDashboard.Features.Posture;

/// <summary>A subscription left out of the combined figures, and why.</summary>
public sealed record ExcludedSubscription(string SubscriptionId, string DisplayName, string Reason);
