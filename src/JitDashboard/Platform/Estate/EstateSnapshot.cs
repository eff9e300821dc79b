using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate;

/// <summary>A machine as the estate shows it: the VM, its subscription's display name, and what the dashboard concludes about it.</summary>
public sealed record EstateMachine(VirtualMachineInfo Vm, string SubscriptionName, MachineFacts Facts)
{
    public EstateMachine(VirtualMachineInfo vm, string subscriptionName)
        : this(vm, subscriptionName, MachineFacts.Empty)
    {
    }

    public string Id => Vm.Id;
    public string Name => Vm.Name;
    public string SubscriptionId => Vm.SubscriptionId;
    public string ResourceGroup => Vm.ResourceGroup;
    public string Location => Vm.Location;
    public string OsType => Vm.OsType ?? "";
    /// <summary><c>running</c>, <c>deallocated</c>, ...; empty when unknown.</summary>
    public string PowerState => Vm.PowerState ?? "";
}

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

/// <summary>The estate as the UI and API read it.</summary>
public interface IEstateService
{
    /// <summary>The latest snapshot.</summary>
    EstateSnapshot Snapshot { get; }

    /// <summary>Raised with the new snapshot whenever it changes (load started, finished, failed).</summary>
    event Action<EstateSnapshot>? Changed;

    /// <summary>Reloads from ARM; concurrent callers share the refresh in flight.</summary>
    Task RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Reloads from ARM with a load that starts after this call, for callers that just changed Azure: a load already
    /// in flight may have read ARM before their change, so they wait for the next one (shared by all who ask meanwhile).
    /// </summary>
    Task RefreshAfterChangeAsync(CancellationToken cancellationToken = default) => RefreshAsync(cancellationToken);
}
