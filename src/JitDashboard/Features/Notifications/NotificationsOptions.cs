using JitDashboard.Platform.Notifications;
using Microsoft.Extensions.Options;

namespace JitDashboard.Features.Notifications;

/// <summary>The payload shape a webhook receives.</summary>
public enum WebhookFormat
{
    /// <summary>A Microsoft Teams incoming webhook: an Adaptive Card in the <c>attachments</c> envelope.</summary>
    Teams,

    /// <summary>A Slack incoming webhook: <c>text</c> plus Block Kit <c>blocks</c>.</summary>
    Slack,

    /// <summary>Plain JSON: <c>{ kind, title, summary, facts, link, occurredAt }</c>.</summary>
    Json,
}

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

/// <summary>Collects every problem in <c>Notifications:*</c> so that start-up fails with the whole list.</summary>
public sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public const int NameMaxLength = 64;

    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp)))
            errors.Add($"Notifications:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http(s) URL, e.g. https://jit.contoso.com.");
        if (options.MaxAttempts is < 1 or > 20)
            errors.Add("Notifications:MaxAttempts must be from 1 to 20.");
        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(5))
            errors.Add("Notifications:Timeout must be from 00:00:00.1 to 00:05:00.");
        if (options.InitialBackoff < TimeSpan.FromMilliseconds(10))
            errors.Add("Notifications:InitialBackoff must be at least 00:00:00.01.");
        if (options.MaxBackoff < options.InitialBackoff)
            errors.Add("Notifications:MaxBackoff must be at least Notifications:InitialBackoff.");
        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
            errors.Add("Notifications:PollInterval must be at least 00:00:00.1.");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var w = options.Webhooks[i];
            var at = $"Notifications:Webhooks:{i}";
            if (string.IsNullOrWhiteSpace(w.Name))
                errors.Add($"{at}:Name is required.");
            else if (w.Name.Length > NameMaxLength)
                errors.Add($"{at}:Name must be at most {NameMaxLength} characters.");
            else if (!seen.Add(w.Name))
                errors.Add($"{at}:Name '{w.Name}' is used by another webhook; names must be unique.");
            var url = UrlProblem(w.Url);
            if (url is not null)
                errors.Add($"{at}:Url {url}");
            if (!Enum.TryParse<WebhookFormat>(w.Format, true, out _) || int.TryParse(w.Format, out _))
                errors.Add($"{at}:Format '{w.Format}' is not known; use Teams, Slack or Json.");
            foreach (var e in w.Events)
            {
                if (!Enum.TryParse<NotificationKind>(e, true, out _) || int.TryParse(e, out _))
                    errors.Add($"{at}:Events has '{e}', which is not a known event; use {string.Join(", ", Enum.GetNames<NotificationKind>())}.");
            }
            if (w.Secret is { Length: > 0 and < 16 })
                errors.Add($"{at}:Secret must be at least 16 characters (or left out).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Null when the URL may be used: absolute https, or http to this machine only (tests, a local relay).</summary>
    public static string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
            return "is required.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute https URL.";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return $"uses http to '{uri.Host}'; only https is allowed, except to the loopback address (127.0.0.1, ::1, localhost).";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "must not carry a user name or password.";
        return null;
    }
}
