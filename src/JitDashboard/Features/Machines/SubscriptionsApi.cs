using JitDashboard.Platform.Estate;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Machines;

/// <summary><c>GET /api/v1/subscriptions</c>: each subscription in scope, its health and what is wrong, with the fix.</summary>
public static class SubscriptionsApi
{
    public static RouteGroupBuilder MapSubscriptionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/subscriptions", (IEstateService estate) => TypedResults.Ok(List(estate.Snapshot)))
            .WithName("ListSubscriptions")
            .WithSummary("Each subscription in scope: its state, health (Healthy, Degraded, Unavailable), each source's status and every problem with ARM's code, message and the fix.");
        return api;
    }

    public static SubscriptionList List(EstateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var items = snapshot.Subscriptions.Select(s =>
        {
            var status = snapshot.SubscriptionStatuses.GetValueOrDefault(s.SubscriptionId);
            return new SubscriptionItem(
                s.SubscriptionId, s.DisplayName, s.State,
                status?.Health ?? SubscriptionHealth.Healthy,
                status?.Problems.Select(p => new SubscriptionProblemItem(p.Source, p.ErrorCode, p.Message, p.Fix, p.Stale, p.LastSuccessAt)).ToList() ?? [],
                status?.Sources.Select(x => new SubscriptionSourceItem(x.Source.ToString(), x.State.ToString(), x.LastSuccessAt, x.Failure?.Code, x.Failure?.Message)).ToList() ?? [],
                status?.JitUnavailableReason);
        }).ToList();
        return new SubscriptionList(items, snapshot.RefreshedAt);
    }
}

public sealed record SubscriptionList(IReadOnlyList<SubscriptionItem> Items, DateTimeOffset? RefreshedAt);

/// <param name="State">As ARM reports it: Enabled, Warned, PastDue, Disabled, Expired, Deleted; null when ARM did not list it.</param>
/// <param name="Health">Healthy, Degraded (some facts stale or Unknown, or JIT unavailable) or Unavailable (its VMs could not be listed).</param>
/// <param name="JitUnavailableReason">Why no JIT policy can be written here (read-only subscription, Defender not set up, no Plan 2); null when it can.</param>
public sealed record SubscriptionItem(
    string SubscriptionId, string DisplayName, string? State, SubscriptionHealth Health,
    IReadOnlyList<SubscriptionProblemItem> Problems, IReadOnlyList<SubscriptionSourceItem> Sources,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JitUnavailableReason);

/// <param name="Source">The list that could not be read (VirtualMachines, NetworkSecurityGroups, JitPolicies, Assessments, DefenderPlans, ...) or Subscription.</param>
/// <param name="Stale">True when the last good data is shown instead (its time in LastSuccessAt).</param>
public sealed record SubscriptionProblemItem(string Source, string? ErrorCode, string Message, string Fix, bool Stale, DateTimeOffset? LastSuccessAt);

/// <param name="State">Ok, NotRegistered, Stale or Failed.</param>
public sealed record SubscriptionSourceItem(string Source, string State, DateTimeOffset? LastSuccessAt, string? ErrorCode, string? Message);
