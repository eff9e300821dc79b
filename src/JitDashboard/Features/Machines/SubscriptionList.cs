using JitDashboard.Platform.Estate;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Machines;

public sealed record SubscriptionList(IReadOnlyList<SubscriptionItem> Items, DateTimeOffset? RefreshedAt);
