using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate;

/// <summary>
/// An immutable view of the estate. A refresh publishes a new snapshot; pages never see one change under them.
/// </summary>
public sealed record EstateSnapshot(
    IReadOnlyList<EstateMachine> Machines,
    IReadOnlyList<SubscriptionInfo> Subscriptions,
    DateTimeOffset? RefreshedAt,
    string? Error,
    bool IsLoading)
{
    /// <summary>Before the first load has finished.</summary>
    public static EstateSnapshot Initial { get; } = new([], [], null, null, IsLoading: true);

    /// <summary>The "Secure management ports" control per subscription id.</summary>
    public IReadOnlyDictionary<string, ManagementPortsControl> Controls { get; init; } = new Dictionary<string, ManagementPortsControl>();

    /// <summary>Defender's secure score (<c>ascScore</c>) per subscription id; absent when the subscription reports none.</summary>
    public IReadOnlyDictionary<string, ScoreDetails> SecureScores { get; init; } = new Dictionary<string, ScoreDetails>();

    /// <summary>How each subscription was read (by id): health, per-source status, problems and their fixes.</summary>
    public IReadOnlyDictionary<string, SubscriptionStatus> SubscriptionStatuses { get; init; } = new Dictionary<string, SubscriptionStatus>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Subscriptions that are not Healthy.</summary>
    public int DegradedSubscriptionCount => SubscriptionStatuses.Values.Count(s => s.Health != SubscriptionHealth.Healthy);

    /// <summary>True once at least one load has completed (successfully or not).</summary>
    public bool HasLoaded => RefreshedAt is not null || Error is not null;
}
