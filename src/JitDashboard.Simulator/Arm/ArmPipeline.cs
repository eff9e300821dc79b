using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Control;
using JitDashboard.Simulator.Defender;
using JitDashboard.Simulator.Identity;
using JitDashboard.Simulator.State;
using Microsoft.AspNetCore.Http;

namespace JitDashboard.Simulator.Arm;

/// <summary>
/// Every ARM call goes through here: ARM headers, latency, faults, auth, routing, api-version, subscription and
/// resource-group checks, throttling, lazy JIT expiry, the handler (under the state lock), the request log.
/// </summary>
public sealed partial class ArmPipeline
{
    private readonly SimulatorState _state;
    private readonly SimulatorOptions _options;
    private readonly Throttling _throttling;
    private readonly Faults _faults;
    private readonly RequestLog _log;
    private readonly SimulatorIdentityProvider _identity;
    private readonly ArmRouter _router = new();

    /// <summary>Told of every request's outcome, to raise Event Grid's events; null: no events.</summary>
    public EventGrid.EventGridSimulator? EventGrid { get; init; }

    public ArmPipeline(SimulatorState state, SimulatorOptions options, Throttling throttling, Faults faults, RequestLog log, SimulatorIdentityProvider identity)
    {
        (_state, _options, _throttling, _faults, _log, _identity) = (state, options, throttling, faults, log, identity);
        SubscriptionEndpoints.Map(_router);
        ComputeEndpoints.Map(_router);
        NetworkEndpoints.Map(_router);
        ExposureEndpoints.Map(_router);
        SecurityEndpoints.Map(_router);
        PricingEndpoints.Map(_router);
    }

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["x-ms-request-id"] = requestId;
        response.Headers["x-ms-correlation-request-id"] = request.Headers.TryGetValue("x-ms-correlation-request-id", out var c) && c.Count > 0 ? c.ToString() : requestId;
        response.Headers["x-ms-routing-request-id"] = $"SIMULATOR:{DateTime.UtcNow:yyyyMMddTHHmmss}Z:{requestId}";
        response.Headers.Date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "-1";
        response.Headers.XContentTypeOptions = "nosniff";
        var apiVersion = request.Query.TryGetValue("api-version", out var av) ? av.ToString() : null;

        ArmResult result;
        string? text;
        try
        {
            if (_options.LatencyMilliseconds > 0)
                await Task.Delay(_options.LatencyMilliseconds, http.RequestAborted);
            (result, text) = await HandleCoreAsync(http, apiVersion);
        }
        catch (ArmException e)
        {
            foreach (var (k, v) in e.Headers)
                response.Headers[k] = v;
            result = new ArmResult(e.Status, e.Body ?? ArmErrors.Body(e.Code, e.Message));
            text = result.Body!.ToJsonString(Json.Options);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException && request.Method != "GET")
        {
            // A body whose values have the wrong JSON types (e.g. a number where a string belongs).
            result = new ArmResult(400, ArmErrors.Body("InvalidRequestContent", $"The request content was invalid: {e.Message}"));
            text = result.Body!.ToJsonString(Json.Options);
        }
        catch (Exception e)
        {
            result = new ArmResult(500, ArmErrors.Body("InternalServerError", $"The simulator failed: {e.GetType().Name}: {e.Message}"));
            text = result.Body!.ToJsonString(Json.Options);
        }
        response.StatusCode = result.Status;
        _log.Add(new LoggedRequest(request.Method, request.Path.Value ?? "/", apiVersion, result.Status, _state.Clock.UtcNow));
        if (text is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(text, Encoding.UTF8, http.RequestAborted);
        }
    }

    private async Task<(ArmResult, string?)> HandleCoreAsync(HttpContext http, string? apiVersion)
    {
        var request = http.Request;
        var method = request.Method.ToUpperInvariant();
        var path = request.Path.Value ?? "/";

        if (_faults.Match(method, path + request.QueryString) is { } fault)
        {
            if (fault.DelayMilliseconds is { } delay)
                await Task.Delay(delay, http.RequestAborted);
            if (fault.Status is not null)
                throw FaultError(fault, method, path, UnvalidatedCaller(request.Headers.Authorization.ToString()));
        }

        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || auth.Length <= "Bearer ".Length || string.IsNullOrWhiteSpace(auth[7..]))
        {
            throw new ArmException(401, "AuthenticationFailed", string.IsNullOrEmpty(auth)
                ? "Authentication failed. The 'Authorization' header is missing."
                : "Authentication failed. The 'Authorization' header is provided in an invalid format.");
        }

        var principal = await AuthenticateAsync(http, auth[7..].Trim());
        var caller = Caller(principal);

        if (request.ContentLength is { } length && length > _options.MaxRequestBytes)
            throw RequestContentTooLarge();

        // ARM asks for the api-version before it looks at the path (https://management.azure.com/ itself answers this).
        if (string.IsNullOrEmpty(apiVersion))
            throw ArmErrors.BadRequest("The api-version query parameter (?api-version=) is required for all requests.", "MissingApiVersionParameter");

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (_state.Gate)
            SubscriptionGate.BeforeRoute(_state, method, segments, caller);
        var route = _router.Match(method, segments, out var values, out var pathExists);
        if (route is null)
            throw Unrouted(request, method, path, segments, apiVersion, pathExists);
        CheckApiVersion(route, values, apiVersion);

        var isWrite = method != "GET" && method != "HEAD";
        var sub = values.GetValueOrDefault("sub");
        lock (_state.Gate)
        {
            if (sub is not null && _state.GetSubscription(sub) is null)
                throw ArmErrors.SubscriptionNotFound(sub);
            if (sub is not null && values.GetValueOrDefault("rg") is { } rg && !_state.ResourceGroupExists(sub, rg))
                throw ArmErrors.ResourceGroupNotFound(rg);
        }

        var (granted, remaining, retryAfter) = _throttling.Take(sub ?? "tenant", isWrite);
        var limitHeader = isWrite ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads";
        var headers = http.Response.Headers;
        headers[limitHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        if (!isWrite && route.Family is ApiFamily.Jit or ApiFamily.Assessments or ApiFamily.SecureScore)
            headers["x-ms-ratelimit-remaining-subscription-resource-requests"] = remaining.ToString(CultureInfo.InvariantCulture);
        if (!granted)
        {
            var error = new ArmException(429, "SubscriptionRequestsThrottled",
                $"Number of '{(isWrite ? "write" : "read")}' requests for subscription '{sub ?? "tenant"}' exceeded the limit. Please try again after '{retryAfter}' seconds.");
            error.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
            throw error;
        }
        if (sub is not null)
            ProviderThrottling(sub, method, route.Family, segments, headers);

        JsonNode? body = null;
        if (method is "PUT" or "POST" or "PATCH")
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var raw = await reader.ReadToEndAsync(http.RequestAborted);
            if (Encoding.UTF8.GetByteCount(raw) > _options.MaxRequestBytes)
                throw RequestContentTooLarge();
            if (raw.Length > 0)
            {
                try
                {
                    body = JsonNode.Parse(raw);
                }
                catch (JsonException e)
                {
                    throw ArmErrors.InvalidContent($"The request content was invalid and could not be deserialized: '{e.Message}'.");
                }
            }
        }

        var armRequest = new ArmRequest(http, _state, values, body, Math.Max(1, _options.PageSize))
        {
            CallerIp = CallerIp(http),
            Requestor = Requestor(principal),
        };
        lock (_state.Gate)
        {
            SubscriptionGate.AfterBody(_state, method, segments, body, caller);
            JitEffects.ProcessExpiries(_state);
            ArmResult result;
            try
            {
                result = route.Handler(armRequest);
            }
            catch (ArmException e)
            {
                EventGrid?.OnArmRequest(method, path, route.Namespace, route.Type, e.Status, armRequest.Requestor);
                throw;
            }
            EventGrid?.OnArmRequest(method, path, route.Namespace, route.Type, result.Status, armRequest.Requestor);
            // Serialised under the lock: the JSON trees are shared with the state.
            return (result, result.Body?.ToJsonString(Json.Options));
        }
    }

    private static ArmException RequestContentTooLarge()
        => new(413, "RequestContentTooLarge", "The request content size exceeds the maximum size of 4 MB.");
}
