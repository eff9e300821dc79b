using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Arm;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JitDashboard.Simulator.Control;

/// <summary>The control API under /_simulator/ (public contract 3): no token, loopback callers only.</summary>
public static class ControlEndpoints
{
    public const string Prefix = "/_simulator";

    /// <summary>Refuses control calls from anything but loopback, whatever the listening address.</summary>
    public static async Task LoopbackOnly(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
            && http.Connection.RemoteIpAddress is { } ip && !IPAddress.IsLoopback(ip))
        {
            await Write(http, 403, Error("Forbidden", "The simulator control API only answers loopback callers."));
            return;
        }
        await next();
    }

    public static void Map(IEndpointRouteBuilder app, SimulatorParts host)
    {
        var state = host.State;
        var group = app.MapGroup(Prefix);

        group.MapGet("/clock", (HttpContext http) => Write(http, 200, Now(state)));
        group.MapPost("/clock/advance", async (HttpContext http) =>
        {
            var body = await ReadAsync(http);
            if (body?["minutes"] is not JsonValue v || !v.TryGetValue<double>(out var minutes) || minutes < 0 || double.IsNaN(minutes))
            {
                await Write(http, 400, Error("InvalidRequest", "Send {\"minutes\": N} with N a non-negative number."));
                return;
            }
            lock (state.Gate)
            {
                state.Clock.Advance(TimeSpan.FromMinutes(minutes));
                JitEffects.ProcessExpiries(state);
            }
            await Write(http, 200, Now(state));
        });

        group.MapPost("/faults", async (HttpContext http) =>
        {
            FaultRule rule;
            try
            {
                rule = FaultRule.Parse(await ReadAsync(http));
            }
            catch (ArgumentException e)
            {
                await Write(http, 400, Error("InvalidFault", e.Message));
                return;
            }
            host.Faults.Add(rule);
            await Write(http, 201, JsonSerializer.SerializeToNode(rule, JsonOptions)!);
        });
        group.MapDelete("/faults", (HttpContext http) =>
        {
            host.Faults.Clear();
            return Write(http, 200, new JsonObject { ["cleared"] = true });
        });

        group.MapGet("/latency", (HttpContext http) => Write(http, 200, new JsonObject { ["milliseconds"] = host.Options.LatencyMilliseconds }));
        group.MapPut("/latency", async (HttpContext http) =>
        {
            var body = await ReadAsync(http);
            if (body?["milliseconds"] is not JsonValue v || !v.TryGetValue<int>(out var ms) || ms is < 0 or > 600_000)
            {
                await Write(http, 400, Error("InvalidRequest", "Send {\"milliseconds\": N} with N between 0 and 600000."));
                return;
            }
            host.Options.LatencyMilliseconds = ms;
            await Write(http, 200, new JsonObject { ["milliseconds"] = ms });
        });

        group.MapGet("/estate", (HttpContext http) =>
        {
            JsonObject dump;
            string text;
            lock (state.Gate)
            {
                dump = state.DumpEstate();
                text = dump.ToJsonString(Json.Options);
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            return http.Response.WriteAsync(text);
        });
        group.MapPut("/estate", async (HttpContext http) =>
        {
            var body = await ReadAsync(http);
            if (body is not JsonObject estate)
            {
                await Write(http, 400, Error("InvalidEstate", "The body must be an estate file: {\"subscriptions\": [...], \"resources\": [...]}."));
                return;
            }
            JsonObject summary;
            try
            {
                lock (state.Gate)
                {
                    state.LoadEstate(estate);
                    summary = new JsonObject { ["subscriptions"] = state.Subscriptions.Count(), ["resources"] = state.Count };
                }
            }
            catch (Exception e) when (e is InvalidEstateException or InvalidOperationException or ArgumentException or FormatException)
            {
                await Write(http, 400, Error("InvalidEstate", e.Message));
                return;
            }
            await Write(http, 200, summary);
        });

        group.MapGet("/subscriptions/{subscriptionId}/conditions", (HttpContext http, string subscriptionId) =>
        {
            JsonObject answer;
            lock (state.Gate)
            {
                if (state.GetSubscription(subscriptionId) is null)
                    return Write(http, 404, Error("SubscriptionNotFound", $"The estate has no subscription '{subscriptionId}'."));
                answer = state.ConditionsFor(subscriptionId).ToJson();
            }
            return Write(http, 200, answer);
        });
        group.MapPut("/subscriptions/{subscriptionId}/conditions", async (HttpContext http, string subscriptionId) =>
        {
            var body = await ReadAsync(http);
            if (body is not JsonObject changes)
            {
                await Write(http, 400, Error("InvalidConditions", $"The body must be a JSON object with any of: {string.Join(", ", SubscriptionConditions.Keys)}."));
                return;
            }
            var unknown = changes.Select(p => p.Key).Where(k => !SubscriptionConditions.Keys.Contains(k, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                await Write(http, 400, Error("InvalidConditions", $"Unknown key(s) {string.Join(", ", unknown.Select(k => $"'{k}'"))}; allowed: {string.Join(", ", SubscriptionConditions.Keys)}."));
                return;
            }
            int status;
            JsonObject answer;
            lock (state.Gate)
            {
                if (state.GetSubscription(subscriptionId) is not { } subscription)
                {
                    (status, answer) = (404, Error("SubscriptionNotFound", $"The estate has no subscription '{subscriptionId}'."));
                }
                else
                {
                    var id = (string)subscription["subscriptionId"]!;
                    try
                    {
                        var conditions = state.ConditionsFor(id).With(changes, id);
                        state.SetConditions(id, conditions);
                        (status, answer) = (200, conditions.ToJson());
                    }
                    catch (ArgumentException e)
                    {
                        (status, answer) = (400, Error("InvalidConditions", e.Message));
                    }
                }
            }
            await Write(http, status, answer);
        });

        MapEventGrid(group, host);

        group.MapGet("/requests", (HttpContext http) => Write(http, 200, host.RequestLog.ToJson()));
        group.MapDelete("/requests", (HttpContext http) =>
        {
            host.RequestLog.Clear();
            return Write(http, 200, new JsonObject { ["cleared"] = true });
        });
    }

    /// <summary>Event Grid: event subscriptions on the subscriptions' system topics (see the README).</summary>
    private static void MapEventGrid(RouteGroupBuilder group, SimulatorParts host)
    {
        group.MapGet("/eventgrid/subscriptions", (HttpContext http) =>
            Write(http, 200, new JsonObject { ["value"] = new JsonArray(host.EventGrid!.Subscriptions.Select(s => (JsonNode)s.ToJson()).ToArray()) }));
        group.MapPost("/eventgrid/subscriptions", async (HttpContext http) =>
        {
            EventGrid.EventGridSubscription subscription;
            try
            {
                subscription = ParseSubscription(await ReadAsync(http));
            }
            catch (ArgumentException e)
            {
                await Write(http, 400, Error("InvalidEventSubscription", e.Message));
                return;
            }
            try
            {
                await host.EventGrid!.CreateAsync(subscription, http.RequestAborted);
            }
            catch (EventGrid.EventSubscriptionException e)
            {
                await Write(http, 400, Error("WebhookValidationFailed", e.Message));
                return;
            }
            await Write(http, 201, subscription.ToJson());
        });
        group.MapDelete("/eventgrid/subscriptions/{name}", async (HttpContext http, string name) =>
        {
            var removed = await host.EventGrid!.DeleteAsync(name);
            await Write(http, removed ? 200 : 404, removed ? new JsonObject { ["deleted"] = name } : Error("NotFound", $"No event subscription '{name}'."));
        });
    }

    private static EventGrid.EventGridSubscription ParseSubscription(JsonNode? body)
    {
        if (body is not JsonObject o)
            throw new ArgumentException("Send {\"endpoint\": \"https://...\", ...}: see the simulator README.");
        string? Text(string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        int? Int(string key) => o[key] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        List<string> Texts(string key) => o[key] is JsonArray a ? a.Select(x => x is JsonValue v && v.TryGetValue<string>(out var t) ? t : throw new ArgumentException($"'{key}' must be an array of strings.")).ToList() : [];
        if (!Uri.TryCreate(Text("endpoint"), UriKind.Absolute, out var endpoint))
            throw new ArgumentException("'endpoint' must be an absolute URL.");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (o["headers"] is JsonObject h)
        {
            foreach (var (k, v) in h)
                headers[k] = v is JsonValue value && value.TryGetValue<string>(out var t) ? t : throw new ArgumentException("'headers' values must be strings.");
        }
        var name = Text("name") ?? "default";
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException("'name' must be 1 to 64 letters, digits or hyphens.");
        return new EventGrid.EventGridSubscription
        {
            Name = name,
            Endpoint = endpoint,
            AadApplicationIdOrUri = Text("azureActiveDirectoryApplicationIdOrUri"),
            AppRoles = Texts("appRoles"),
            Headers = headers,
            IncludedEventTypes = Texts("includedEventTypes"),
            MaxEventsPerBatch = Int("maxEventsPerBatch") ?? 1,
            MaxDeliveryAttempts = Int("maxDeliveryAttempts") ?? 10,
            InitialRetryDelay = TimeSpan.FromMilliseconds(Math.Clamp(Int("initialRetryDelayMilliseconds") ?? 1000, 10, 60_000)),
        };
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static JsonObject Now(SimulatorState state) => new() { ["now"] = JitEffects.Iso(state.Clock.UtcNow) };

    private static JsonObject Error(string code, string message) => ArmErrors.Body(code, message);

    private static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Write(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(Json.Options));
    }
}
