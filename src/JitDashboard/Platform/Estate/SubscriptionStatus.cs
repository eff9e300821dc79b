using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Platform.Estate;

/// <summary>How the latest refresh read one subscription: its health, each source, and the problems to show.</summary>
public sealed record SubscriptionStatus(
    SubscriptionInfo Subscription,
    SubscriptionHealth Health,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<SubscriptionProblem> Problems,
    string? JitUnavailableReason)
{
    /// <summary>Whether Defender's data (assessments) could be read: without it the subscription is left out of posture figures.</summary>
    public bool DefenderReadable => Sources.FirstOrDefault(s => s.Source == InventorySource.Assessments) is not { } a
        || (a.HasData && a.State != SourceState.NotRegistered);

    public static SubscriptionStatus Of(SubscriptionInventory inventory, string? jitUnavailableReason)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var problems = new List<SubscriptionProblem>();
        var subscription = inventory.Subscription;
        if (SubscriptionStates.IsReadOnly(subscription.State))
        {
            problems.Add(new SubscriptionProblem("Subscription", "ReadOnlyDisabledSubscription",
                $"The subscription is {subscription.State}: Azure answers every write with 409 ReadOnlyDisabledSubscription.",
                "Re-enable the subscription (billing) before changing anything in it.", false, null));
        }
        var sources = inventory.Sources.Values.OrderBy(s => s.Source).ToList();
        foreach (var source in sources.Where(s => s.IsProblem))
        {
            var failure = source.Failure;
            problems.Add(new SubscriptionProblem(source.Source.ToString(), failure?.Code, failure?.Message ?? "Not read.",
                failure?.Fix ?? "", source.State == SourceState.Stale, source.LastSuccessAt));
        }
        // A plan without JIT is a problem of its own; the other reasons are already listed above.
        var explained = SubscriptionStates.IsReadOnly(subscription.State) || sources.Any(s => s.State == SourceState.NotRegistered
            && s.Source is InventorySource.JitPolicies or InventorySource.DefenderPlans);
        if (jitUnavailableReason is not null && !explained)
            problems.Add(new SubscriptionProblem(InventorySource.DefenderPlans.ToString(), "DefenderForServersPlan2Required", jitUnavailableReason,
                "Enable Defender for Servers Plan 2 on this subscription (Defender for Cloud > Environment settings).", false, null));

        var vms = inventory.Sources.GetValueOrDefault(InventorySource.VirtualMachines);
        var health = vms is { HasData: false } ? SubscriptionHealth.Unavailable
            : problems.Count > 0 ? SubscriptionHealth.Degraded
            : SubscriptionHealth.Healthy;
        return new SubscriptionStatus(subscription, health, sources, problems, jitUnavailableReason);
    }

    /// <summary>A subscription whose load failed as a whole (nothing could be read).</summary>
    public static SubscriptionStatus Failed(SubscriptionInfo subscription, ArmFailure failure) =>
        new(subscription, SubscriptionHealth.Unavailable, [],
            [new SubscriptionProblem("Subscription", failure.Code, failure.Message, failure.Fix, false, null)], null);
}
