namespace JitDashboard.Features.Notifications;

/// <summary><c>Notifications:*</c> settings: the outgoing webhooks and how deliveries are retried.</summary>
public sealed class NotificationsOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Where the dashboard is reached by people (e.g. <c>https://jit.contoso.com</c>); links are omitted when unset.</summary>
    public string? PublicBaseUrl { get; set; }

    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Attempts per delivery before it is marked Failed (network errors, 5xx, 408 and 429 are retried).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How long one POST may take before it counts as a network error.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between attempts, also the cap on a receiver's <c>Retry-After</c>.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the sender looks for due deliveries when nothing signals it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    public WebhookOptions? Find(string name) =>
        Webhooks.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
}
