namespace JitDashboard.Features.Machines;

public sealed record SubscriptionList(IReadOnlyList<SubscriptionItem> Items, DateTimeOffset? RefreshedAt);
