using JitDashboard.Platform.Estate;

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
