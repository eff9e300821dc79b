namespace JitDashboard.Platform.Estate;

/// <summary>One thing wrong with a subscription, with ARM's own code and message and what to do about it.</summary>
public sealed record SubscriptionProblem(
    string Source, string? ErrorCode, string Message, string Fix, bool Stale, DateTimeOffset? LastSuccessAt);
