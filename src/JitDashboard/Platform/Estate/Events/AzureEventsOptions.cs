namespace JitDashboard.Platform.Estate.Events;

/// <summary><c>Events:*</c>: how <c>POST /api/v1/events/azure</c> takes Azure Event Grid deliveries.</summary>
public sealed class AzureEventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// The app role Event Grid's token must carry (Entra authentication on the webhook destination: assign this role
    /// of the app registration to Event Grid's service principal, as deploy/main.bicep documents).
    /// </summary>
    public string Role { get; set; } = Identity.Roles.EventPublisher;

    /// <summary>
    /// Fallback to Entra: a shared secret in the <see cref="SecretHeader"/> header (an Event Grid delivery attribute)
    /// or the <see cref="SecretQueryParameter"/> query parameter of the endpoint URL. Empty (the default): off.
    /// </summary>
    public string Secret { get; set; } = "";

    public string SecretHeader { get; set; } = "X-JitDashboard-Events-Secret";

    public string SecretQueryParameter { get; set; } = "code";

    /// <summary>The largest delivery taken (Event Grid batches are at most 1 MB).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The most events taken in one delivery; a larger batch is refused whole (413).</summary>
    public int MaxEvents { get; set; } = 5000;

    /// <summary>Event ids remembered to apply a redelivered event once.</summary>
    public int RememberedEventIds { get; set; } = 100_000;
}
