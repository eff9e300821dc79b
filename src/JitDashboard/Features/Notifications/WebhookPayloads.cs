using JitDashboard.Platform.Notifications;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// Builds the JSON body for each webhook format. Event text is plain text from the app and may carry what people
/// typed (justifications, names), so every format neutralises it: Teams markdown and HTML, Slack's control
/// sequences (<c>&lt;!channel&gt;</c>, links, mentions) and mrkdwn. Plain JSON carries the text unchanged (the
/// JSON encoder escapes it), since its receiver decides how to show it.
/// </summary>
public static class WebhookPayloads
{
    public const string TeamsCardContentType = "application/vnd.microsoft.card.adaptive";

    // Slack's limits: a header holds 150 characters, a text object 3000, a section 10 fields.
    private const int SlackHeaderMax = 150;
    private const int SlackTextMax = 3000;
    private const int SlackFieldMax = 2000;

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string Format(WebhookFormat format, NotificationEvent notification, string? publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var link = AbsoluteLink(notification.Link, publicBaseUrl);
        JsonObject body = format switch
        {
            WebhookFormat.Teams => Teams(notification, link),
            WebhookFormat.Slack => Slack(notification, link),
            WebhookFormat.Json => Json(notification, link),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown webhook format."),
        };
        return body.ToJsonString(Compact);
    }

    /// <summary>
    /// The dashboard path made absolute with <c>Notifications:PublicBaseUrl</c>; null when either is missing or the
    /// link is not a local path (the events carry paths; an absolute URL from elsewhere is never forwarded).
    /// </summary>
    public static string? AbsoluteLink(string? link, string? publicBaseUrl)
    {
        if (string.IsNullOrWhiteSpace(link) || string.IsNullOrWhiteSpace(publicBaseUrl)) return null;
        if (!link.StartsWith('/') || link.StartsWith("//", StringComparison.Ordinal) || link.Contains('\\', StringComparison.Ordinal)) return null;
        if (!Uri.TryCreate(publicBaseUrl.TrimEnd('/') + link, UriKind.Absolute, out var uri)) return null;
        return uri.AbsoluteUri;
    }

    /// <summary>The link's button: a pending request asks for a decision, everything else is for reading.</summary>
    public static string ActionTitle(NotificationKind kind) => kind == NotificationKind.AccessRequested ? "Review and decide" : "Open in JitDashboard";

    /// <summary>"AccessRequested" → "Access requested".</summary>
    public static string KindLabel(NotificationKind kind)
    {
        var name = kind.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c))
                sb.Append(' ').Append(char.ToLowerInvariant(c));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    private static JsonObject Json(NotificationEvent n, string? link)
    {
        var facts = new JsonObject();
        foreach (var (name, value) in n.Facts) facts[name] = value;
        var body = new JsonObject
        {
            ["kind"] = n.Kind.ToString(),
            ["title"] = n.Title,
            ["summary"] = n.Summary,
            ["facts"] = facts,
        };
        if (link is not null) body["link"] = link;
        body["occurredAt"] = n.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return body;
    }

    // Microsoft Teams incoming webhook: { type: "message", attachments: [ { contentType: adaptive card, content } ] }.
    private static JsonObject Teams(NotificationEvent n, string? link)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = EscapeTeams("JitDashboard · " + KindLabel(n.Kind)), ["size"] = "Small", ["isSubtle"] = true, ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = EscapeTeams(NonEmpty(n.Title)), ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true },
        };
        if (!string.IsNullOrWhiteSpace(n.Summary))
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = EscapeTeams(n.Summary), ["wrap"] = true });
        if (n.Facts.Count > 0)
        {
            var facts = new JsonArray();
            foreach (var (name, value) in n.Facts)
                facts.Add(new JsonObject { ["title"] = EscapeTeams(name), ["value"] = EscapeTeams(NonEmpty(value)) });
            body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        }
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.2",
            ["body"] = body,
        };
        if (link is not null)
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = ActionTitle(n.Kind), ["url"] = link } };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = TeamsCardContentType, ["contentUrl"] = null, ["content"] = card },
            },
        };
    }

    // Slack incoming webhook: "text" is the notification fallback; "blocks" the message.
    private static JsonObject Slack(NotificationEvent n, string? link)
    {
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(NonEmpty(n.Title), SlackHeaderMax), ["emoji"] = false },
            },
        };
        if (!string.IsNullOrWhiteSpace(n.Summary))
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(EscapeSlack(n.Summary), SlackTextMax) });
        // Fields show as a two-column grid: label, value, label, value... at most 10 per section.
        var fields = new JsonArray();
        foreach (var (name, value) in n.Facts)
        {
            if (fields.Count == 10)
            {
                blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
                fields = [];
            }
            fields.Add(Mrkdwn("*" + EscapeSlack(name) + "*\n" + EscapeSlack(NonEmpty(value)), SlackFieldMax));
        }
        if (fields.Count > 0) blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        var context = new JsonArray { Mrkdwn(EscapeSlack("JitDashboard · " + KindLabel(n.Kind) + " · " + n.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)), SlackTextMax) };
        blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = context });
        if (link is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject { ["type"] = "button", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ActionTitle(n.Kind) }, ["url"] = link },
                },
            });
        }
        return new JsonObject
        {
            ["text"] = Truncate(EscapeSlack(NonEmpty(n.Title)), SlackTextMax),
            ["blocks"] = blocks,
        };
    }

    // verbatim: no automatic linking of URLs, channel names or mentions in the text.
    private static JsonObject Mrkdwn(string text, int max) => new() { ["type"] = "mrkdwn", ["text"] = Truncate(text, max), ["verbatim"] = true };

    /// <summary>
    /// Slack: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> become entities (so <c>&lt;!channel&gt;</c>, <c>&lt;@U123&gt;</c> and
    /// <c>&lt;url|text&gt;</c> stay text). mrkdwn has no escape character, so its markers (<c>* _ ~ `</c>) get a
    /// zero-width space on each side, which keeps them from pairing up into bold, italics, strike or code.
    /// </summary>
    public static string EscapeSlack(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '*' or '_' or '~' or '`': sb.Append('\u200B').Append(c).Append('\u200B'); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Teams: Adaptive Card text is markdown (CommonMark-like) and Teams reads some HTML, so every markdown marker
    /// and angle bracket gets a backslash (CommonMark shows an escaped punctuation character as itself). Mentions
    /// need an <c>msteams.entities</c> entry, which these cards never have.
    /// </summary>
    public static string EscapeTeams(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        var lineStart = true;
        foreach (var c in text)
        {
            var marker = c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '~' or '`' or '<' or '>' or '#' or '|' or '!'
                || (lineStart && c is '-' or '+' or '=');
            if (marker) sb.Append('\\');
            sb.Append(c);
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return sb.ToString();
    }

    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? "-" : text;

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
