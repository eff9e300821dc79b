using System.Security.Cryptography;
using System.Text;
using JitDashboard.Platform.Identity;
using JitDashboard.Platform.Work;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Estate.Events;

/// <summary>
/// <c>POST /api/v1/events/azure</c>: Azure Event Grid's deliveries (Event Grid schema or CloudEvents 1.0) of resource
/// changes, which become targeted refreshes. Authenticated as Event Grid authenticates to webhooks: an Entra token
/// for the app carrying <see cref="AzureEventsOptions.Role"/>, or the shared secret fallback; anything else is
/// refused. Bounded: body size and event count; the work itself is queued (debounced, coalesced) in the coordinator.
/// </summary>
public static partial class AzureEventsEndpoint
{
    public const string Path = "/events/azure";

    private static string ClaimKey(AzureEvent e) => DeliveryClaims.KeyFor("azure-event", e.Id);

    public static RouteGroupBuilder MapAzureEvents(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapPost(Path, HandleAsync).AllowAnonymous().WithName("AzureEvents")
            .WithSummary("Azure Event Grid deliveries of resource changes")
            .WithDescription("Event Grid schema or CloudEvents 1.0 (Azure.Messaging.EventGrid). Event types: Microsoft.Resources.ResourceWriteSuccess, " +
                             "ResourceDeleteSuccess, ResourceActionSuccess; Microsoft.ResourceNotifications.Resources.CreatedOrUpdated, Deleted. " +
                             "The SubscriptionValidationEvent is answered with validationResponse. Authenticated by an Entra token with the " +
                             "JitDashboard.EventPublisher app role (Events:Role), or the shared secret (Events:Secret) in the X-JitDashboard-Events-Secret " +
                             "header or the code query parameter. An event delivered again (same id) is applied once. 200 with the counts.");
        v1.MapMethods(Path, [HttpMethods.Options], Handshake).AllowAnonymous().WithName("AzureEventsHandshake")
            .WithSummary("CloudEvents 1.0 webhook validation (WebHook-Request-Origin → WebHook-Allowed-Origin)");
        return v1;
    }

    /// <summary>The CloudEvents abuse-protection handshake Event Grid makes before it delivers CloudEvents.</summary>
    public static IResult Handshake(HttpContext http, IOptions<AzureEventsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (Refusal(http, options.Value) is { } refused) return refused;
        var origin = http.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
            return TypedResults.Problem(statusCode: 400, title: "Bad handshake", detail: "The WebHook-Request-Origin header is missing.");
        http.Response.Headers["WebHook-Allowed-Origin"] = origin;
        http.Response.Headers["WebHook-Allowed-Rate"] = "*";
        return TypedResults.Ok();
    }

    public static async Task<IResult> HandleAsync(HttpContext http, IOptions<AzureEventsOptions> options, EstateRefreshCoordinator coordinator,
        SeenEvents seen, IChangeBus bus, DeliveryClaims claims, ILoggerFactory loggers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(seen);
        var o = options.Value;
        if (Refusal(http, o) is { } refused) return refused;

        var read = await ReadAsync(http, o, ct);
        if (read.Problem is { } problem) return problem;
        AzureDelivery delivery;
        try
        {
            delivery = AzureEventReader.Read(read.Body!, http.Request.ContentType);
        }
        catch (FormatException e)
        {
            return TypedResults.Problem(statusCode: 400, title: "Not an Event Grid delivery", detail: e.Message);
        }
        // Event Grid proves the endpoint is ours before it sends anything: answer its code.
        if (delivery.ValidationCode is { } code) return TypedResults.Ok(new { validationResponse = code });
        ArgumentNullException.ThrowIfNull(bus);
        return await AcceptAsync(delivery.Events, coordinator, seen, bus.IsShared ? claims : null, loggers.CreateLogger(typeof(AzureEventsEndpoint)), ct);
    }

    /// <summary>
    /// Queues the resources the new events name; repeats (same id) are counted, not applied. On a standby it answers
    /// once they are stored for the leader, so a delivery acknowledged is not lost with an instance. With several
    /// instances (<paramref name="claims"/>), an event another instance has already taken on is a repeat too (Event
    /// Grid retries a delivery it saw no answer to, and the load balancer may send the retry to the other instance).
    /// </summary>
    public static async Task<Ok<AzureEventsAccepted>> AcceptAsync(IReadOnlyList<AzureEvent> events, EstateRefreshCoordinator coordinator, SeenEvents seen,
        DeliveryClaims? claims, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(seen);
        var marked = events.Where(e => seen.TryMark(e.Id)).ToList();
        var fresh = marked;
        int duplicates, ignored = 0;
        var resources = new List<string>();
        try
        {
            if (claims is not null && fresh.Count > 0)
            {
                var taken = await claims.ClaimedAsync([.. fresh.Select(ClaimKey)], ct);
                fresh = fresh.Where(e => !taken.Contains(ClaimKey(e))).ToList();
            }
            duplicates = events.Count - fresh.Count;
            foreach (var e in fresh)
            {
                if (!AzureEventReader.ResourceEventTypes.Contains(e.Type) || e.ResourceId is null) { ignored++; continue; }
                resources.Add(e.ResourceId);
            }
            if (fresh.Count > 0) await coordinator.NotifyAsync(resources, fresh.Count, ct);
        }
        catch
        {
            // Not taken on (the claim check, or a standby's store for the leader, failed): Event Grid's retry of this
            // delivery must be applied, not counted as a repeat here.
            foreach (var e in marked) seen.Forget(e.Id);
            throw;
        }
        // Claimed once queued (or stored for the leader), never before: an instance that dies in between has claimed
        // nothing, and Event Grid's retry is applied by the other. Two copies at the same moment may both be read.
        if (claims is not null) await claims.ClaimAllAsync([.. fresh.Select(ClaimKey)], ct);
        LogDelivery(logger, events.Count, resources.Count, duplicates, ignored);
        return TypedResults.Ok(new AzureEventsAccepted(resources.Count, duplicates, ignored));
    }

    /// <summary>Null when the caller may deliver: the secret (header or query), or a token with the role.</summary>
    public static IResult? Refusal(HttpContext http, AzureEventsOptions o)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(o);
        if (o.Secret.Length > 0)
        {
            var given = http.Request.Headers.TryGetValue(o.SecretHeader, out var h) ? h.ToString()
                : http.Request.Query.TryGetValue(o.SecretQueryParameter, out var q) ? q.ToString() : null;
            if (given is not null && SecretMatches(given, o.Secret)) return null;
        }
        var user = http.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            return UserRoles.Of(user).Contains(o.Role, StringComparer.Ordinal) ? null
                : TypedResults.Problem(statusCode: 403, title: "Forbidden", detail: $"The token needs the {o.Role} app role (assign it to Event Grid's service principal).");
        }
        return TypedResults.Problem(statusCode: 401, title: "Unauthorized",
            detail: $"Deliver with an Entra token for the app carrying the {o.Role} role, or the shared secret in {o.SecretHeader}.");
    }

    /// <summary>Constant-time: hashes first so neither length nor content leaks through timing.</summary>
    public static bool SecretMatches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static async Task<(BinaryData? Body, IResult? Problem)> ReadAsync(HttpContext http, AzureEventsOptions o, CancellationToken ct)
    {
        var tooLarge = TypedResults.Problem(statusCode: 413, title: "Delivery too large", detail: $"A delivery holds at most {o.MaxBodyBytes} bytes and {o.MaxEvents} events.");
        if (http.Request.ContentLength > o.MaxBodyBytes) return (null, tooLarge);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = o.MaxBodyBytes + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        try
        {
            while ((n = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + n > o.MaxBodyBytes) return (null, tooLarge);
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
        if (buffer.Length == 0) return (null, TypedResults.Problem(statusCode: 400, title: "Empty delivery", detail: "The body must be an Event Grid or CloudEvents batch."));
        // Counting before parsing: a batch past the limit is refused without building its events.
        var body = BinaryData.FromBytes(buffer.ToArray());
        if (CountEvents(body) > o.MaxEvents) return (null, tooLarge);
        return (body, null);
    }

    private static int CountEvents(BinaryData body)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(body.ToMemory().Span);
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartArray) return 1;
            var count = 0;
            while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
            {
                count++;
                reader.Skip();
            }
            return count;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0; // the parser says what is wrong
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Events: delivery of {Events} event(s): {Resources} resource(s) queued, {Duplicates} repeat(s), {Ignored} ignored")]
    private static partial void LogDelivery(ILogger logger, int events, int resources, int duplicates, int ignored);
}
