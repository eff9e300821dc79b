using System.Text.Json.Nodes;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Notifications;

namespace JitDashboard.UnitTests.Features.Notifications;

public class WebhookPayloadsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 21, 0, 5, TimeSpan.Zero);

    private static NotificationEvent Event(string title = "alice requested SSH on vm-web-01", string summary = "For 1 hour from 203.0.113.7.", string? link = "/access?request=42") =>
        new(NotificationKind.AccessRequested, title, summary,
            new Dictionary<string, string> { ["VM"] = "vm-web-01", ["Ports"] = "22" }, link, At);

    private const string Hostile = "<!channel> <@U123> <https://evil.test|click> *bold* _it_ ~s~ `code` [x](https://evil.test) <b>html</b> & done";

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Json_HasExactlyTheDocumentedShape_WithAnAbsoluteLink()
    {
        var body = Parse(WebhookPayloads.Format(WebhookFormat.Json, Event(), "https://jit.contoso.test/"));

        Assert.Equal(["kind", "title", "summary", "facts", "link", "occurredAt"], body.Select(p => p.Key));
        Assert.Equal("AccessRequested", (string?)body["kind"]);
        Assert.Equal("alice requested SSH on vm-web-01", (string?)body["title"]);
        Assert.Equal("For 1 hour from 203.0.113.7.", (string?)body["summary"]);
        Assert.Equal("vm-web-01", (string?)body["facts"]!["VM"]);
        Assert.Equal("22", (string?)body["facts"]!["Ports"]);
        Assert.Equal("https://jit.contoso.test/access?request=42", (string?)body["link"]);
        Assert.Equal("2026-11-23T21:00:05.000Z", (string?)body["occurredAt"]);
    }

    [Fact]
    public void PendingRequest_LinksToItsFocusedApprovalPage_WithADecisionButton()
    {
        var id = Guid.Parse("6f1c2a8e-1111-4b5e-9a7d-0123456789ab");
        var pending = Event(link: JitDashboard.Features.Access.AccessRequestPage.LinkFor(id));
        var expected = "https://jit.contoso.test/access/requests/6f1c2a8e-1111-4b5e-9a7d-0123456789ab";

        var teams = Parse(WebhookPayloads.Format(WebhookFormat.Teams, pending, "https://jit.contoso.test"));
        var action = teams["attachments"]![0]!["content"]!["actions"]![0]!;
        Assert.Equal(expected, (string?)action["url"]);
        Assert.Equal("Review and decide", (string?)action["title"]);

        var slack = WebhookPayloads.Format(WebhookFormat.Slack, pending, "https://jit.contoso.test");
        Assert.Contains(expected, slack, StringComparison.Ordinal);
        Assert.Contains("Review and decide", slack, StringComparison.Ordinal);

        // Other kinds keep the neutral button.
        Assert.Equal("Open in JitDashboard", WebhookPayloads.ActionTitle(NotificationKind.AccessExpired));
    }

    [Fact]
    public void Json_WithoutPublicBaseUrl_OmitsTheLink_AndKeepsHostileTextAsData()
    {
        var json = WebhookPayloads.Format(WebhookFormat.Json, Event(title: Hostile), null);
        var body = Parse(json);

        Assert.False(body.ContainsKey("link"));
        // The receiver gets the text as it was; the encoder escapes markup characters inside the JSON string.
        Assert.Equal(Hostile, (string?)body["title"]);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Teams_IsAnAdaptiveCardInTheAttachmentsEnvelope()
    {
        var body = Parse(WebhookPayloads.Format(WebhookFormat.Teams, Event(), "https://jit.contoso.test"));

        Assert.Equal("message", (string?)body["type"]);
        var attachment = Assert.Single(body["attachments"]!.AsArray())!.AsObject();
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.True(attachment.ContainsKey("contentUrl"));
        Assert.Null(attachment["contentUrl"]);
        var card = attachment["content"]!.AsObject();
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.2", (string?)card["version"]);
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)card["$schema"]);
        var blocks = card["body"]!.AsArray();
        Assert.Equal(["TextBlock", "TextBlock", "TextBlock", "FactSet"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("JitDashboard · Access requested", (string?)blocks[0]!["text"]);
        Assert.Equal("Bolder", (string?)blocks[1]!["weight"]);
        Assert.Equal("For 1 hour from 203.0.113.7.", (string?)blocks[2]!["text"]);
        var facts = blocks[3]!["facts"]!.AsArray();
        Assert.Equal(["VM", "Ports"], facts.Select(f => (string?)f!["title"]));
        Assert.Equal("vm-web-01", (string?)facts[0]!["value"]);
        var action = Assert.Single(card["actions"]!.AsArray())!;
        Assert.Equal("Action.OpenUrl", (string?)action["type"]);
        Assert.Equal("https://jit.contoso.test/access?request=42", (string?)action["url"]);
    }

    [Fact]
    public void Teams_EscapesMarkdownAndHtml_InEveryTextField()
    {
        var hostile = new NotificationEvent(NotificationKind.AccessDecided, Hostile, "- list\n# heading " + Hostile,
            new Dictionary<string, string> { ["Justification"] = Hostile }, null, At);
        var card = Parse(WebhookPayloads.Format(WebhookFormat.Teams, hostile, "https://jit.contoso.test"))["attachments"]![0]!["content"]!;

        var title = (string)card["body"]![1]!["text"]!;
        Assert.Equal(WebhookPayloads.EscapeTeams(Hostile), title);
        Assert.Contains("\\<b\\>html\\</b\\>", title, StringComparison.Ordinal);
        Assert.Contains("\\*bold\\*", title, StringComparison.Ordinal);
        Assert.Contains("\\[x\\]\\(https://evil.test\\)", title, StringComparison.Ordinal);
        Assert.Contains("\\_it\\_", title, StringComparison.Ordinal);
        Assert.StartsWith("\\- list\n\\# heading", (string)card["body"]![2]!["text"]!, StringComparison.Ordinal);
        Assert.Equal(WebhookPayloads.EscapeTeams(Hostile), (string)card["body"]![3]!["facts"]![0]!["value"]!);
        // No link configured: no action, rather than a relative URL Teams cannot open.
        Assert.Null(card["actions"]);
        // Every markup character in the output is escaped: none is left bare.
        AssertAllEscaped(title, "*_[]()<>`~!|#");
    }

    [Fact]
    public void Slack_HasTextAndBlocks_WithAHeaderFieldsContextAndButton()
    {
        var body = Parse(WebhookPayloads.Format(WebhookFormat.Slack, Event(), "https://jit.contoso.test"));

        Assert.Equal(["text", "blocks"], body.Select(p => p.Key));
        Assert.Equal("alice requested SSH on vm-web-01", (string?)body["text"]);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "section", "context", "actions"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("plain_text", (string?)blocks[0]!["text"]!["type"]);
        Assert.Equal("mrkdwn", (string?)blocks[1]!["text"]!["type"]);
        Assert.True((bool)blocks[1]!["text"]!["verbatim"]!);
        var fields = blocks[2]!["fields"]!.AsArray();
        Assert.Equal(["*VM*\nvm-web-01", "*Ports*\n22"], fields.Select(f => (string?)f!["text"]));
        Assert.Equal("JitDashboard · Access requested · 2026-11-23 21:00 UTC", (string?)blocks[3]!["elements"]![0]!["text"]);
        var button = blocks[4]!["elements"]![0]!;
        Assert.Equal("button", (string?)button["type"]);
        Assert.Equal("https://jit.contoso.test/access?request=42", (string?)button["url"]);
    }

    [Fact]
    public void Slack_EscapesControlSequences_AndNeutralisesMrkdwn()
    {
        var hostile = new NotificationEvent(NotificationKind.AccessDecided, Hostile, Hostile,
            new Dictionary<string, string> { ["Justification"] = Hostile }, "/x", At);
        var body = Parse(WebhookPayloads.Format(WebhookFormat.Slack, hostile, null));

        var text = (string)body["text"]!;
        var summary = (string)body["blocks"]![1]!["text"]!["text"]!;
        var field = (string)body["blocks"]![2]!["fields"]![0]!["text"]!;
        foreach (var s in new[] { text, summary, field })
        {
            // No raw angle bracket: <!channel>, <@U123> and <url|text> cannot be parsed by Slack.
            Assert.DoesNotContain("<", s, StringComparison.Ordinal);
            Assert.DoesNotContain(">", s, StringComparison.Ordinal);
            Assert.Contains("&lt;!channel&gt;", s, StringComparison.Ordinal);
            Assert.Contains("&amp; done", s, StringComparison.Ordinal);
            // Markers are fenced by zero-width spaces, so "*bold*" cannot pair up.
            Assert.DoesNotContain("*bold*", s, StringComparison.Ordinal);
            Assert.Contains("\u200B*\u200Bbold\u200B*\u200B", s, StringComparison.Ordinal);
        }
        // The field label stays bold: the app's own markup, around the escaped name.
        Assert.StartsWith("*Justification*\n", field, StringComparison.Ordinal);
        // No PublicBaseUrl: no button.
        Assert.DoesNotContain(body["blocks"]!.AsArray(), b => (string?)b!["type"] == "actions");
    }

    [Theory]
    [InlineData("/access?request=1", "https://jit.contoso.test", "https://jit.contoso.test/access?request=1")]
    [InlineData("/access", "https://jit.contoso.test/base/", "https://jit.contoso.test/base/access")]
    [InlineData("/access", null, null)]
    [InlineData(null, "https://jit.contoso.test", null)]
    [InlineData("https://evil.test/phish", "https://jit.contoso.test", null)]
    [InlineData("//evil.test/phish", "https://jit.contoso.test", null)]
    [InlineData("access", "https://jit.contoso.test", null)]
    public void AbsoluteLink_OnlyMakesLocalPathsAbsolute(string? link, string? baseUrl, string? expected) =>
        Assert.Equal(expected, WebhookPayloads.AbsoluteLink(link, baseUrl));

    [Fact]
    public void Slack_ManyFacts_AreSplitIntoSectionsOfAtMostTenFields()
    {
        var facts = Enumerable.Range(1, 12).ToDictionary(i => "F" + i, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = Parse(WebhookPayloads.Format(WebhookFormat.Slack, new NotificationEvent(NotificationKind.DriftDetected, "t", "", facts, null, At), null));
        var sections = body["blocks"]!.AsArray().Where(b => b!["fields"] is not null).Select(b => b!["fields"]!.AsArray().Count).ToList();
        Assert.Equal([10, 2], sections);
    }

    private static void AssertAllEscaped(string text, string markers)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (markers.Contains(text[i], StringComparison.Ordinal))
                Assert.True(i > 0 && text[i - 1] == '\\', $"'{text[i]}' at {i} is not escaped in: {text}");
        }
    }
}
