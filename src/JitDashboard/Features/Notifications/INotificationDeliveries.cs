namespace JitDashboard.Features.Notifications;

/// <summary>What the Admin page and the API use; the page never touches the database itself.</summary>
public interface INotificationDeliveries
{
    IReadOnlyList<WebhookSummary> Webhooks { get; }

    Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(int take, string? webhook = null, CancellationToken ct = default);

    /// <summary>Queues a sample event to the named webhook (whatever its event filter) and audits who asked.</summary>
    Task<WebhookTestResult> SendTestAsync(string webhook, string actor, CancellationToken ct = default);
}
