using JitDashboard.IntegrationTests.Features.Audit;
using JitDashboard.IntegrationTests.Hosting;
using JitDashboard.IntegrationTests.Platform.Audit;
using JitDashboard.IntegrationTests.Platform.Identity;
using JitDashboard.Features.Audit;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JitDashboard.Features.Notifications;
using JitDashboard.Platform.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Features.Notifications;

/// <summary><c>/api/v1/notifications/*</c>: Admin only, test sends reach the receiver and are audited, bad input is a 4xx problem with nothing queued.</summary>
public sealed class NotificationsApiTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private async Task<HttpResponseMessage> SendAsync(string? user, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var client = fixture.Host.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Host.TokenAsync(user));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Admin_SendsATest_ThatReachesTheReceiver_IsListed_AndAudited()
    {
        using var response = await SendAsync("carol@contoso.test", HttpMethod.Post, "api/v1/notifications/test", """{ "webhook": "admin-test" }""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deliveryId").GetInt64();

        var received = await fixture.Receiver.NextAsync("admin-test", "Test notification from JitDashboard");
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers[WebhookSignature.DeliveryHeader]);
        Assert.Equal("Test", JsonDocument.Parse(received.Body).RootElement.GetProperty("kind").GetString());

        await fixture.SettledAsync("admin-test", 1);
        using var list = await SendAsync("carol@contoso.test", HttpMethod.Get, "api/v1/notifications/deliveries?webhook=admin-test&take=10");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var rows = await list.Content.ReadFromJsonAsync<JsonElement>();
        var row = rows.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.Equal("Delivered", row.GetProperty("status").GetString());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.Equal("carol@contoso.test", row.GetProperty("testSentBy").GetString());

        using var hooks = await SendAsync("carol@contoso.test", HttpMethod.Get, "api/v1/notifications/webhooks");
        var text = await hooks.Content.ReadAsStringAsync();
        // Names and hosts, never the URLs or secrets.
        Assert.Contains("\"admin-test\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin-test\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookFixture.Secret, text, StringComparison.Ordinal);

        var audit = fixture.Host.Services.GetRequiredService<IAuditLog>();
        var page = await audit.QueryAsync(new AuditQuery { Action = AuditActions.NotificationTestSent, Target = "admin-test" });
        var entry = Assert.Single(page.Events);
        Assert.Equal("carol@contoso.test", entry.Actor);
    }

    public static TheoryData<string, string?, string, string, string?, string, HttpStatusCode, string?> BadRequests => new()
    {
        { "operator lists", "alice@contoso.test", "GET", "api/v1/notifications/deliveries", null, "application/json", HttpStatusCode.Forbidden, null },
        { "approver sends", "bob@contoso.test", "POST", "api/v1/notifications/test", """{ "webhook": "admin-test" }""", "application/json", HttpStatusCode.Forbidden, null },
        { "reader sends", "dave@contoso.test", "POST", "api/v1/notifications/test", """{ "webhook": "admin-test" }""", "application/json", HttpStatusCode.Forbidden, null },
        { "reader lists webhooks", "dave@contoso.test", "GET", "api/v1/notifications/webhooks", null, "application/json", HttpStatusCode.Forbidden, null },
        { "no token", null, "POST", "api/v1/notifications/test", """{ "webhook": "admin-test" }""", "application/json", HttpStatusCode.Unauthorized, null },
        { "empty object", "carol@contoso.test", "POST", "api/v1/notifications/test", "{}", "application/json", HttpStatusCode.BadRequest, "webhook" },
        { "no body", "carol@contoso.test", "POST", "api/v1/notifications/test", null, "application/json", HttpStatusCode.BadRequest, "webhook" },
        { "unknown webhook", "carol@contoso.test", "POST", "api/v1/notifications/test", """{ "webhook": "nope" }""", "application/json", HttpStatusCode.BadRequest, "webhook" },
        { "long name", "carol@contoso.test", "POST", "api/v1/notifications/test", "{ \"webhook\": \"" + new string('a', 200) + "\" }", "application/json", HttpStatusCode.BadRequest, "webhook" },
        { "wrong type", "carol@contoso.test", "POST", "api/v1/notifications/test", """{ "webhook": 42 }""", "application/json", HttpStatusCode.BadRequest, null },
        { "unknown field", "carol@contoso.test", "POST", "api/v1/notifications/test", """{ "webhook": "admin-test", "url": "https://evil.test" }""", "application/json", HttpStatusCode.BadRequest, null },
        { "not json", "carol@contoso.test", "POST", "api/v1/notifications/test", "webhook=admin-test", "application/json", HttpStatusCode.BadRequest, null },
        { "huge body", "carol@contoso.test", "POST", "api/v1/notifications/test", "{ \"webhook\": \"admin-test\", \"pad\": \"" + new string('x', 2_000_000) + "\" }", "application/json", HttpStatusCode.RequestEntityTooLarge, null },
        { "form content", "carol@contoso.test", "POST", "api/v1/notifications/test", "webhook=admin-test", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, null },
        { "take not a number", "carol@contoso.test", "GET", "api/v1/notifications/deliveries?take=abc", null, "application/json", HttpStatusCode.BadRequest, "take" },
        { "take zero", "carol@contoso.test", "GET", "api/v1/notifications/deliveries?take=0", null, "application/json", HttpStatusCode.BadRequest, "take" },
        { "take too big", "carol@contoso.test", "GET", "api/v1/notifications/deliveries?take=501", null, "application/json", HttpStatusCode.BadRequest, "take" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInput_IsA4xxProblem_AndQueuesNothing(string because, string? user, string method, string path, string? body, string contentType, HttpStatusCode expected, string? field)
    {
        var before = (await fixture.Deliveries.ListAsync(NotificationDeliveries.MaxTake)).Count;

        using var response = await SendAsync(user, new HttpMethod(method), path, body, contentType);

        Assert.True(expected == response.StatusCode, $"{because}: expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
        }
        Assert.Equal(before, (await fixture.Deliveries.ListAsync(NotificationDeliveries.MaxTake)).Count);
    }
}
