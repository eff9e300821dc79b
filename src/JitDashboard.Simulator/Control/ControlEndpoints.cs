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

        group.MapGet("/requests", (HttpContext http) => Write(http, 200, host.RequestLog.ToJson()));
        group.MapDelete("/requests", (HttpContext http) =>
        {
            host.RequestLog.Clear();
            return Write(http, 200, new JsonObject { ["cleared"] = true });
        });
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
