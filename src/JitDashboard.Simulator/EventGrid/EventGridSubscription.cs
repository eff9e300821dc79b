using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace JitDashboard.Simulator.EventGrid;

/// <summary>
/// One event subscription on the subscriptions' system topics (Microsoft.Resources.Subscriptions): the webhook
/// it delivers to, how it authenticates (Entra, as Event Grid's own service principal, or delivery headers), and
/// its batching and retry policy.
/// </summary>
public sealed class EventGridSubscription
{
    public required string Name { get; init; }

    public required Uri Endpoint { get; init; }

    /// <summary>Entra authentication: the app id or URI the token is for (azureActiveDirectoryApplicationIdOrUri); null: none.</summary>
    public string? AadApplicationIdOrUri { get; init; }

    /// <summary>The app roles the app registration assigns to Event Grid's service principal (they land in the token).</summary>
    public IReadOnlyList<string> AppRoles { get; init; } = [];

    /// <summary>Static delivery attribute headers (e.g. a shared secret).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Event types delivered; empty: all.</summary>
    public IReadOnlyList<string> IncludedEventTypes { get; init; } = [];

    /// <summary>Events per delivery at most (Event Grid's maxEventsPerBatch: 1 by default, up to 5000).</summary>
    public int MaxEventsPerBatch { get; init; } = 1;

    /// <summary>Delivery attempts per batch before it is dead-lettered (dropped and counted).</summary>
    public int MaxDeliveryAttempts { get; init; } = 10;

    /// <summary>The wait before the first retry; doubled each attempt, capped at 30 seconds.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    internal Channel<JsonObject> Queue { get; } = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(100_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    internal CancellationTokenSource Stopping { get; } = new();

    internal Task Delivery { get; set; } = Task.CompletedTask;

    internal long DeliveredCount;
    internal long BatchCount;
    internal long FailedAttemptCount;
    internal long DeadLetteredCount;

    /// <summary>Events delivered (acknowledged with a 2xx).</summary>
    public long Delivered => Interlocked.Read(ref DeliveredCount);

    public long Batches => Interlocked.Read(ref BatchCount);

    public long FailedAttempts => Interlocked.Read(ref FailedAttemptCount);

    /// <summary>Events dropped after the last attempt.</summary>
    public long DeadLettered => Interlocked.Read(ref DeadLetteredCount);

    public string? LastError { get; internal set; }

    public bool Wants(string eventType) =>
        IncludedEventTypes.Count == 0 || IncludedEventTypes.Contains(eventType, StringComparer.OrdinalIgnoreCase);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["endpoint"] = Endpoint.GetLeftPart(UriPartial.Path),
        ["azureActiveDirectoryApplicationIdOrUri"] = AadApplicationIdOrUri,
        ["appRoles"] = new JsonArray(AppRoles.Select(r => (JsonNode)r).ToArray()),
        ["includedEventTypes"] = new JsonArray(IncludedEventTypes.Select(r => (JsonNode)r).ToArray()),
        ["maxEventsPerBatch"] = MaxEventsPerBatch,
        ["maxDeliveryAttempts"] = MaxDeliveryAttempts,
        ["initialRetryDelayMilliseconds"] = (long)InitialRetryDelay.TotalMilliseconds,
        ["delivered"] = Delivered,
        ["batches"] = Batches,
        ["failedAttempts"] = FailedAttempts,
        ["deadLettered"] = DeadLettered,
        ["pending"] = Queue.Reader.CanCount ? Queue.Reader.Count : -1,
        ["lastError"] = LastError,
    };
}
