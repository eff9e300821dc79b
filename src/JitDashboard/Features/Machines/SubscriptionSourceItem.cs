namespace JitDashboard.Features.Machines;

/// <param name="State">Ok, NotRegistered, Stale or Failed.</param>
public sealed record SubscriptionSourceItem(string Source, string State, DateTimeOffset? LastSuccessAt, string? ErrorCode, string? Message);
