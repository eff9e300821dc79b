using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Features.Notifications;

public sealed class NotificationsStartupTests
{
    [Fact]
    public async Task BadWebhookSettings_StopStart_ListingEveryProblem()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Name"] = "ops",
            ["Notifications:Webhooks:0:Url"] = "http://hooks.example.test/x",
            ["Notifications:Webhooks:0:Format"] = "Discord",
            ["Notifications:Webhooks:0:Events:0"] = "EverythingHappened",
            ["Notifications:Webhooks:1:Name"] = "OPS",
            ["Notifications:Webhooks:1:Url"] = "https://hooks.example.test/y",
        }));

        var message = error.ToString();
        Assert.Contains("Notifications:Webhooks:0:Url uses http to 'hooks.example.test'", message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Webhooks:0:Format 'Discord' is not known; use Teams, Slack or Json.", message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Webhooks:0:Events has 'EverythingHappened'", message, StringComparison.Ordinal);
        Assert.Contains("Notifications:Webhooks:1:Name 'OPS' is used by another webhook", message, StringComparison.Ordinal);
    }
}
