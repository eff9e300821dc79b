namespace JitDashboard.Features.Notifications;

/// <summary>A configured webhook as the Admin page and API show it: never the URL (Slack and Teams URLs are secrets), only its host.</summary>
public sealed record WebhookSummary(string Name, string Format, string Host, IReadOnlyList<string> Events, bool HasSecret);
