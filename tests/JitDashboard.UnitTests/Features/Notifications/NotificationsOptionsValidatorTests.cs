using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Notifications;

namespace JitDashboard.UnitTests.Features.Notifications;

public class NotificationsOptionsValidatorTests
{
    private static WebhookOptions Hook(string name = "ops", string url = "https://hooks.example.test/x", string format = "Json", string[]? events = null, string? secret = null) =>
        new() { Name = name, Url = url, Format = format, Events = [.. events ?? []], Secret = secret };

    private static IReadOnlyList<string> Errors(NotificationsOptions options) =>
        new NotificationsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void ValidSettings_Pass()
    {
        var options = new NotificationsOptions
        {
            PublicBaseUrl = "https://jit.contoso.test",
            Webhooks = [Hook(), Hook("teams", format: "teams", events: ["AccessRequested", "accessdecided"]), Hook("local", url: "http://127.0.0.1:5000/hook", secret: "0123456789abcdef")],
        };
        Assert.Empty(Errors(options));
        Assert.True(options.Webhooks[1].Accepts(NotificationKind.AccessDecided));
        Assert.False(options.Webhooks[1].Accepts(NotificationKind.DriftDetected));
        Assert.True(options.Webhooks[0].Accepts(NotificationKind.DriftDetected));
    }

    [Fact]
    public void EveryProblem_IsListed_WithItsSettingName()
    {
        var options = new NotificationsOptions
        {
            PublicBaseUrl = "jit.contoso.test",
            MaxAttempts = 0,
            Webhooks =
            [
                Hook(name: ""),
                Hook(url: "http://hooks.example.test/x"),
                Hook(name: "OPS", url: "ftp://x.test/"),
                Hook(name: "bad-format", format: "Discord"),
                Hook(name: "numeric-format", format: "1"),
                Hook(name: "bad-event", events: ["AccessRequested", "Everything"]),
                Hook(name: "short-secret", secret: "abc"),
                Hook(name: "relative", url: "/hooks"),
                Hook(name: "userinfo", url: "https://user:pw@hooks.example.test/"),
            ],
        };
        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Notifications:PublicBaseUrl 'jit.contoso.test'", StringComparison.Ordinal));
        Assert.Contains("Notifications:MaxAttempts must be from 1 to 20.", errors);
        Assert.Contains("Notifications:Webhooks:0:Name is required.", errors);
        Assert.Contains(errors, e => e.StartsWith("Notifications:Webhooks:1:Url uses http to 'hooks.example.test'; only https is allowed", StringComparison.Ordinal));
        Assert.Contains("Notifications:Webhooks:2:Name 'OPS' is used by another webhook; names must be unique.", errors);
        Assert.Contains("Notifications:Webhooks:2:Url must be an absolute https URL.", errors);
        Assert.Contains("Notifications:Webhooks:3:Format 'Discord' is not known; use Teams, Slack or Json.", errors);
        Assert.Contains("Notifications:Webhooks:4:Format '1' is not known; use Teams, Slack or Json.", errors);
        Assert.Contains(errors, e => e.StartsWith("Notifications:Webhooks:5:Events has 'Everything', which is not a known event; use AccessRequested,", StringComparison.Ordinal));
        Assert.Contains("Notifications:Webhooks:6:Secret must be at least 16 characters (or left out).", errors);
        Assert.Contains("Notifications:Webhooks:7:Url must be an absolute https URL.", errors);
        Assert.Contains("Notifications:Webhooks:8:Url must not carry a user name or password.", errors);
        Assert.Equal(12, errors.Count);
    }

    [Theory]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://[::1]:9000/hook")]
    [InlineData("https://hooks.slack.com/services/T/B/X")]
    public void LoopbackHttp_AndHttps_AreAllowed(string url) => Assert.Null(NotificationsOptionsValidator.UrlProblem(url));
}
