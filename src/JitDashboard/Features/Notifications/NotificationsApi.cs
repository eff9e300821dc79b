using JitDashboard.Platform.Identity;
using System.Text.Json.Serialization;
using JitDashboard.Features.Policies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;

namespace JitDashboard.Features.Notifications;

public static class NotificationsApi
{
    public const int DefaultTake = 100;
    public const int TestBodyMaxBytes = 4096;

    /// <summary><c>GET notifications/deliveries</c>, <c>GET notifications/webhooks</c> and <c>POST notifications/test</c> (Admin).</summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/notifications/deliveries", ListDeliveriesAsync).RequireAuthorization(AuthPolicies.Administer)
            .WithName("ListWebhookDeliveries").WithSummary("Recent webhook deliveries, newest first (Admin).");
        api.MapGet("/notifications/webhooks", (INotificationDeliveries deliveries) => TypedResults.Ok(deliveries.Webhooks))
            .RequireAuthorization(AuthPolicies.Administer)
            .WithName("ListWebhooks").WithSummary("The configured webhooks: name, format, host and events, never the URL or secret (Admin).");
        api.MapPost("/notifications/test", SendTestAsync).RequireAuthorization(AuthPolicies.Administer)
            // The body is one short name: anything large is refused before it is read (413).
            .WithMetadata(new RequestSizeLimitAttribute(TestBodyMaxBytes))
            .WithName("SendTestNotification").WithSummary("Queues a test notification to one webhook (Admin); audited.");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<WebhookDeliveryView>>, ValidationProblem>> ListDeliveriesAsync(
        string? take, string? webhook, INotificationDeliveries deliveries, CancellationToken ct)
    {
        // Parsed here, not bound as int, so that "take=abc" gets a per-field message like every other error.
        var count = DefaultTake;
        if (take is not null && (!int.TryParse(take, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > NotificationDeliveries.MaxTake))
            return Problem("take", $"take must be a whole number from 1 to {NotificationDeliveries.MaxTake}.");
        if (webhook is { Length: > NotificationsOptionsValidator.NameMaxLength })
            return Problem("webhook", $"webhook must be at most {NotificationsOptionsValidator.NameMaxLength} characters.");
        return TypedResults.Ok(await deliveries.ListAsync(count, webhook, ct));
    }

    public static async Task<Results<Accepted<WebhookTestAccepted>, ValidationProblem>> SendTestAsync(
        WebhookTestRequest? body, INotificationDeliveries deliveries, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var name = body?.Webhook;
        if (string.IsNullOrWhiteSpace(name))
            return Problem("webhook", "webhook is required: the name of a configured webhook.");
        if (name.Length > NotificationsOptionsValidator.NameMaxLength)
            return Problem("webhook", $"webhook must be at most {NotificationsOptionsValidator.NameMaxLength} characters.");
        var result = await deliveries.SendTestAsync(name, Actor.From(http.User), ct);
        return result.DeliveryId is { } id
            ? TypedResults.Accepted($"{http.Request.PathBase}/api/v1/notifications/deliveries?webhook={Uri.EscapeDataString(name)}", new WebhookTestAccepted(id))
            : Problem("webhook", result.Error ?? "The test was not queued.");
    }

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request has invalid items; nothing was changed.");
}
