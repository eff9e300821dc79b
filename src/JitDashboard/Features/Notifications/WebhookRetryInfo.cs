namespace JitDashboard.Features.Notifications;

/// <summary>One failed attempt that Polly will retry after <paramref name="Delay"/>.</summary>
public sealed record WebhookRetryInfo(int Attempt, int? StatusCode, string Error, TimeSpan Delay, HttpRequestMessage? Request);
