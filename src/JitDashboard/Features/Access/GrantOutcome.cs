namespace JitDashboard.Features.Access;

public sealed record GrantOutcome(DateTimeOffset StartedAt, DateTimeOffset EndsAt, bool Confirmed);
