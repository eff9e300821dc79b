using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Arm;

/// <summary>GET /subscriptions and GET /subscriptions/{id}.</summary>
public static class SubscriptionEndpoints
{
    public static void Map(ArmRouter r)
    {
        r.Get("subscriptions", ApiFamily.Subscriptions, req =>
        {
            var subs = req.State.Subscriptions.ToList();
            return req.Page(subs.Count, (skip, take) => subs.Skip(skip).Take(take).Select(s => s.DeepClone()));
        });
        r.Get("subscriptions/{sub}", ApiFamily.Subscriptions, req => new ArmResult(200, req.State.GetSubscription(req["sub"])!.DeepClone()));
    }
}
