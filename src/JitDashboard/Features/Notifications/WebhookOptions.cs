using JitDashboard.Platform.Notifications;

namespace JitDashboard.Features.Notifications;

/// <summary>One outgoing webhook.</summary>
public sealed class WebhookOptions
{
    /// <summary>A unique name, shown on the deliveries page and used by "Send test".</summary>
    public string Name { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary><c>Teams</c>, <c>Slack</c> or <c>Json</c> (a string so that a typo gets a clear message, not a binder error).</summary>
    public string Format { get; set; } = nameof(WebhookFormat.Json);

    /// <summary>The <see cref="NotificationKind"/> names this webhook receives; empty for all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>When set, each POST carries <c>X-JitDashboard-Signature: sha256=&lt;HMAC-SHA256 hex&gt;</c>.</summary>
    public string? Secret { get; set; }

    public WebhookFormat ParsedFormat => Enum.Parse<WebhookFormat>(Format, ignoreCase: true);

    /// <summary>True when this webhook wants events of this kind (test sends always go to the named webhook).</summary>
    public bool Accepts(NotificationKind kind) =>
        Events.Count == 0 || Events.Any(e => Enum.TryParse<NotificationKind>(e, true, out var k) && k == kind);
}
