using JitDashboard.Platform.Estate;
using System.Text.Json.Serialization;
using JitDashboard.Platform.Estate.Inventory;

namespace JitDashboard.Features.Machines;

/// <param name="State">Ok, NotRegistered, Stale or Failed.</param>
public sealed record SubscriptionSourceItem(string Source, string State, DateTimeOffset? LastSuccessAt, string? ErrorCode, string? Message);
