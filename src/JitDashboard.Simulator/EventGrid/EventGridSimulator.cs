using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Identity;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.EventGrid;

/// <summary>
/// Event Grid for the subscriptions' system topics: after every successful ARM write, delete or action (and every
/// resource Defender changes as a side effect) each event subscription gets the matching event in the Event Grid
/// schema (Microsoft.Resources.ResourceWriteSuccess / ResourceDeleteSuccess / ResourceActionSuccess), in batches,
/// retried with exponential backoff, in order. A subscription is created only after its endpoint has answered the
/// SubscriptionValidationEvent handshake with the code. Entra authentication: a token for the app, minted by the
/// simulator's identity provider as Event Grid's service principal, with the app roles assigned to it.
/// </summary>
public sealed class EventGridSimulator(SimulatorState state, SimulatorIdentityProvider identity) : IAsyncDisposable
{
    /// <summary>Microsoft.EventGrid's first-party application id: the client of Event Grid's tokens.</summary>
    public const string EventGridClientId = "4962773b-9cdb-44cf-a8bf-237846a00ab7";

    private readonly Dictionary<string, EventGridSubscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) };

    public IReadOnlyList<EventGridSubscription> Subscriptions
    {
        get
        {
            lock (_gate) return [.. _subscriptions.Values];
        }
    }

    /// <summary>Validates the endpoint (the handshake) and starts delivering to it; replaces a subscription of the same name.</summary>
    public async Task<EventGridSubscription> CreateAsync(EventGridSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var endpoint = subscription.Endpoint;
        // Event Grid delivers to https only; plain http is allowed to loopback here so a local app can listen.
        if (endpoint.Scheme != Uri.UriSchemeHttps && !(endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback))
            throw new EventSubscriptionException($"The endpoint '{endpoint}' must be https (http only to a loopback address).");
        if (subscription.MaxEventsPerBatch is < 1 or > 5000)
            throw new EventSubscriptionException("maxEventsPerBatch must be from 1 to 5000.");
        if (subscription.MaxDeliveryAttempts is < 1 or > 30)
            throw new EventSubscriptionException("maxDeliveryAttempts must be from 1 to 30.");

        var code = Guid.NewGuid().ToString();
        var validation = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = $"/subscriptions/{Guid.Empty}/resourceGroups/simulator/providers/Microsoft.EventGrid/systemTopics/simulator",
            ["subject"] = "",
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["eventTime"] = Iso(state.Clock.UtcNow),
            ["data"] = new JsonObject { ["validationCode"] = code, ["validationUrl"] = null },
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
        });
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(subscription, validation, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new EventSubscriptionException($"Webhook validation handshake failed: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string? answered = null;
            try
            {
                answered = (string?)(JsonNode.Parse(text) as JsonObject)?["validationResponse"];
            }
            catch (System.Text.Json.JsonException)
            {
            }
            if (response.StatusCode != HttpStatusCode.OK || answered != code)
                throw new EventSubscriptionException($"Webhook validation handshake failed for {endpoint.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {Trim(text)}");
        }

        EventGridSubscription? replaced;
        lock (_gate)
        {
            _subscriptions.Remove(subscription.Name, out replaced);
            _subscriptions[subscription.Name] = subscription;
        }
        if (replaced is not null) await StopAsync(replaced);
        subscription.Delivery = Task.Run(() => DeliverAsync(subscription), CancellationToken.None);
        return subscription;
    }

    public async Task<bool> DeleteAsync(string name)
    {
        EventGridSubscription? removed;
        lock (_gate) _subscriptions.Remove(name, out removed);
        if (removed is null) return false;
        await StopAsync(removed);
        return true;
    }

    /// <summary>
    /// An ARM request succeeded: its event, and one ResourceWriteSuccess per resource the simulator changed as a side
    /// effect (by Defender's service principal). Call under the state lock; never blocks.
    /// </summary>
    public void OnArmRequest(string method, string path, string? ns, string? type, int status, string caller)
    {
        EventGridSubscription[] targets;
        lock (_gate)
        {
            targets = [.. _subscriptions.Values];
        }
        var sideEffects = state.TakeSideEffects();
        if (targets.Length == 0) return;
        var events = new List<JsonObject>();
        var segments = path.Trim('/').Split('/');
        var succeeded = ns is not null && type is not null && status is >= 200 and <= 299 && !(method == "DELETE" && status == 204);
        var (eventType, resourceUri, operation) = !succeeded ? (null, null, null) : method switch
        {
            "PUT" or "PATCH" => ("Microsoft.Resources.ResourceWriteSuccess", path, $"{ns}/{type}/write"),
            "DELETE" => ("Microsoft.Resources.ResourceDeleteSuccess", path, $"{ns}/{type}/delete"),
            // An action on a resource: POST .../{resource}/{action}.
            "POST" => ("Microsoft.Resources.ResourceActionSuccess", "/" + string.Join('/', segments[..^1]), $"{ns}/{type}/{segments[^1]}/action"),
            _ => ((string?)null, (string?)null, (string?)null),
        };
        if (eventType is not null) events.Add(Event(eventType, resourceUri!, operation!, caller));
        foreach (var id in sideEffects)
        {
            var arm = ArmId.TryParse(id);
            if (arm is null) continue;
            events.Add(Event("Microsoft.Resources.ResourceWriteSuccess", id, $"{arm.Type}/write", "Microsoft Defender for Cloud"));
        }
        if (events.Count == 0) return;
        Enqueue(targets, events);
    }

    /// <summary>Side effects outside a request (JIT grants expiring): their events. Call under the state lock.</summary>
    public void OnBackgroundChanges()
    {
        var sideEffects = state.TakeSideEffects();
        EventGridSubscription[] targets;
        lock (_gate) targets = [.. _subscriptions.Values];
        if (targets.Length == 0 || sideEffects.Count == 0) return;
        var events = sideEffects.Select(id => (Id: id, Arm: ArmId.TryParse(id))).Where(x => x.Arm is not null)
            .Select(x => Event("Microsoft.Resources.ResourceWriteSuccess", x.Id, $"{x.Arm!.Type}/write", "Microsoft Defender for Cloud")).ToList();
        Enqueue(targets, events);
    }

    private static void Enqueue(EventGridSubscription[] targets, List<JsonObject> events)
    {
        foreach (var subscription in targets)
        {
            foreach (var e in events.Where(e => subscription.Wants((string)e["eventType"]!)))
                subscription.Queue.Writer.TryWrite((JsonObject)e.DeepClone());
        }
    }

    private JsonObject Event(string eventType, string resourceUri, string operation, string caller)
    {
        var arm = ArmId.TryParse(resourceUri);
        var subscriptionId = arm?.Subscription ?? resourceUri.Trim('/').Split('/').ElementAtOrDefault(1) ?? "";
        var correlation = Guid.NewGuid().ToString();
        return new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = $"/subscriptions/{subscriptionId}",
            ["subject"] = resourceUri,
            ["eventType"] = eventType,
            ["eventTime"] = Iso(state.Clock.UtcNow),
            ["data"] = new JsonObject
            {
                ["authorization"] = new JsonObject { ["scope"] = resourceUri, ["action"] = operation, ["evidence"] = new JsonObject { ["role"] = "Contributor" } },
                ["claims"] = new JsonObject { ["name"] = caller },
                ["correlationId"] = correlation,
                ["httpRequest"] = new JsonObject { ["clientRequestId"] = correlation, ["method"] = operation.EndsWith("/delete", StringComparison.Ordinal) ? "DELETE" : operation.EndsWith("/action", StringComparison.Ordinal) ? "POST" : "PUT" },
                ["resourceProvider"] = resourceUri.Split('/').SkipWhile(s => !s.Equals("providers", StringComparison.OrdinalIgnoreCase)).Skip(1).FirstOrDefault(),
                ["resourceUri"] = resourceUri,
                ["operationName"] = operation,
                ["status"] = "Succeeded",
                ["subscriptionId"] = subscriptionId,
                ["tenantId"] = SimulatorState.TenantId,
            },
            ["dataVersion"] = "2",
            ["metadataVersion"] = "1",
        };
    }

    private async Task DeliverAsync(EventGridSubscription subscription)
    {
        var ct = subscription.Stopping.Token;
        var reader = subscription.Queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(ct))
            {
                var batch = new JsonArray();
                while (batch.Count < subscription.MaxEventsPerBatch && reader.TryRead(out var e))
                    batch.Add(e);
                var delay = subscription.InitialRetryDelay;
                for (var attempt = 1; ; attempt++)
                {
                    string? error;
                    try
                    {
                        using var response = await SendAsync(subscription, batch, ct);
                        error = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync(ct))}";
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                    {
                        error = e.Message;
                    }
                    if (error is null)
                    {
                        Interlocked.Add(ref subscription.DeliveredCount, batch.Count);
                        Interlocked.Increment(ref subscription.BatchCount);
                        break;
                    }
                    subscription.LastError = error;
                    Interlocked.Increment(ref subscription.FailedAttemptCount);
                    if (attempt >= subscription.MaxDeliveryAttempts)
                    {
                        Interlocked.Add(ref subscription.DeadLetteredCount, batch.Count);
                        break;
                    }
                    await Task.Delay(delay, ct);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<HttpResponseMessage> SendAsync(EventGridSubscription subscription, JsonArray body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", ((string?)body.FirstOrDefault()?["eventType"]) == "Microsoft.EventGrid.SubscriptionValidationEvent" ? "SubscriptionValidation" : "Notification");
        request.Headers.Add("aeg-subscription-name", subscription.Name.ToUpperInvariant());
        request.Headers.Add("aeg-delivery-count", "0");
        foreach (var (name, value) in subscription.Headers)
            request.Headers.TryAddWithoutValidation(name, value);
        if (subscription.AadApplicationIdOrUri is { } audience)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.CreateAppAccessToken(EventGridClientId, audience, subscription.AppRoles));
        return await _http.SendAsync(request, ct);
    }

    private static async Task StopAsync(EventGridSubscription subscription)
    {
        subscription.Queue.Writer.TryComplete();
        await subscription.Stopping.CancelAsync();
        try
        {
            await subscription.Delivery;
        }
        catch (OperationCanceledException)
        {
        }
        subscription.Stopping.Dispose();
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    public async ValueTask DisposeAsync()
    {
        List<EventGridSubscription> all;
        lock (_gate)
        {
            all = [.. _subscriptions.Values];
            _subscriptions.Clear();
        }
        foreach (var s in all) await StopAsync(s);
        _http.Dispose();
    }
}
