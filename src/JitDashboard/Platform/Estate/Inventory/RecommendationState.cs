namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>A Defender recommendation's state for one VM; Unknown when Defender has not assessed it.</summary>
public enum RecommendationState
{
    Unknown,
    Healthy,
    Unhealthy,
    NotApplicable,
}
