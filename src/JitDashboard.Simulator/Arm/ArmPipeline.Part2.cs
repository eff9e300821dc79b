using System.Globalization;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.Control;
using JitDashboard.Simulator.Identity;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Arm;

/// <summary>The rest of <see cref="ArmPipeline"/> (one class, two files to keep each short).</summary>
public sealed partial class ArmPipeline
{
    /// <summary>
    /// Resource providers' own limits, after ARM's: Compute counts VM list and get calls against "HighCostGet30Min"
    /// (429 OperationNotAllowed, compute-throttling-limits.md), Network counts reads and writes per 5 minutes
    /// (429 TooManyRequests, retry in 64 seconds).
    /// </summary>
    private void ProviderThrottling(string sub, string method, ApiFamily family, string[] segments, IHeaderDictionary headers)
    {
        var isWrite = method != "GET" && method != "HEAD";
        if (family == ApiFamily.Compute && !isWrite && Array.FindIndex(segments, s => s.Equals("virtualMachines", StringComparison.OrdinalIgnoreCase)) is var vms and >= 0
            && segments.Length - vms <= 2)
        {
            var ((granted, remaining, retryAfter), refused) = _throttling.Take(sub, BucketKind.HighCostGet);
            headers["x-ms-ratelimit-remaining-resource"] = $"Microsoft.Compute/HighCostGet30Min;{remaining.ToString(CultureInfo.InvariantCulture)}";
            if (!granted)
            {
                var now = _state.Clock.UtcNow;
                var allowed = _throttling.Capacity(BucketKind.HighCostGet);
                var detail = new JsonObject
                {
                    ["operationGroup"] = "HighCostGet30Min",
                    ["startTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture),
                    ["endTime"] = now.AddSeconds(retryAfter).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture),
                    ["allowedRequestCount"] = allowed,
                    ["measuredRequestCount"] = allowed + refused,
                }.ToJsonString(Json.Options);
                const string message = "The server rejected the request because too many requests have been received for this subscription.";
                var error = new ArmException(429, "OperationNotAllowed", message)
                {
                    Body = new JsonObject
                    {
                        ["error"] = new JsonObject
                        {
                            ["code"] = "OperationNotAllowed",
                            ["message"] = message,
                            ["details"] = new JsonArray(new JsonObject { ["code"] = "TooManyRequests", ["target"] = "HighCostGet30Min", ["message"] = detail }),
                        },
                    },
                };
                error.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                throw error;
            }
        }
        else if (family == ApiFamily.Network)
        {
            var ((granted, _, _), _) = _throttling.Take(sub, isWrite ? BucketKind.NetworkWrite : BucketKind.NetworkRead);
            if (!granted)
            {
                // Network's own text (Azure Resource Manager throttling docs); it always says 64 seconds.
                var error = new ArmException(429, "TooManyRequests",
                    $"Subscription '{sub}' was used to perform too many calls within last 5 minutes. The number of calls exceeds Microsoft.Network throttling limit. The call can be retried in 64 seconds.");
                error.Headers["Retry-After"] = "64";
                throw error;
            }
        }
    }

    /// <summary>The error an injected fault answers with: its own code, message, target and casing, or the status's default.</summary>
    private static ArmException FaultError(FaultRule fault, string method, string path, ArmCaller caller)
    {
        var status = fault.Status!.Value;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var sub = segments.Length >= 2 && segments[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : "";
        var (code, message) = (fault.ErrorCode, fault.Message) switch
        {
            ({ } c, { } m) => (c, m),
            ({ } c, null) => (c, DefaultFault(status, method, path, segments, sub, caller).Message),
            (null, { } m) => (DefaultFault(status, method, path, segments, sub, caller).Code, m),
            _ => DefaultFault(status, method, path, segments, sub, caller),
        };
        JsonObject? body = null;
        if (fault.PascalCase)
        {
            body = ArmErrors.PascalBody(code, message);
            if (fault.Target is { } t)
                ((JsonObject)body["Error"]!)["Details"] = new JsonArray(new JsonObject { ["Code"] = code, ["Target"] = t, ["Message"] = message });
        }
        else if (fault.Target is { } target)
        {
            body = ArmErrors.BodyWithTarget(code, message, target);
        }
        var error = new ArmException(status, code, message) { Body = body };
        if (fault.RetryAfterSeconds is { } ra)
            error.Headers["Retry-After"] = ra.ToString(CultureInfo.InvariantCulture);
        else if (status == 429)
            error.Headers["Retry-After"] = "1";
        return error;
    }

    private static (string Code, string Message) DefaultFault(int status, string method, string path, string[] segments, string sub, ArmCaller caller)
    {
        switch (status)
        {
            case 429: return ("SubscriptionRequestsThrottled", "Number of requests for subscription exceeded the limit (injected fault).");
            case 503: return ("ServiceUnavailable", "The service is temporarily unavailable (injected fault).");
            case 500: return ("InternalServerError", "Encountered internal server error (injected fault).");
            case 400: return ("BadRequest", "The request is invalid (injected fault).");
            case 403:
                var rbac = RbacActions.For(method, segments);
                var denied = SubscriptionGate.AuthorizationFailed(caller, rbac?.Action ?? "Microsoft.Resources/subscriptions/read", rbac?.Scope ?? path);
                return (denied.Code, denied.Message);
            case 404: return ("NotFound", "The requested resource was not found (injected fault).");
            case 409:
                return path.Contains("Microsoft.Network", StringComparison.OrdinalIgnoreCase)
                    ? ("SubscriptionNotRegistered", $"Subscription {sub} is not registered with NRP.")
                    : ("Conflict", "The request conflicts with the current state of the resource (injected fault).");
            case 413: return ("RequestContentTooLarge", "The request content size exceeds the maximum size of 4 MB.");
            case 502:
                var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
                var ns = providers >= 0 && providers + 1 < segments.Length ? segments[providers + 1] : "Microsoft.Resources";
                var type = providers >= 0 && providers + 2 < segments.Length ? segments[providers + 2] : "subscriptions";
                return ("ProviderError", $"Resource provider '{ns}' failed to return collection response for type '{type}'.");
            case 504: return ("GatewayTimeout", $"The gateway did not receive a response from '{NamespaceOf(segments)}' within the specified time period.");
            default: return ("InternalServerError", "Encountered internal server error (injected fault).");
        }
    }

    private static string NamespaceOf(string[] segments)
    {
        var providers = Array.FindLastIndex(segments, s => s.Equals("providers", StringComparison.OrdinalIgnoreCase));
        return providers >= 0 && providers + 1 < segments.Length ? segments[providers + 1] : "Microsoft.Resources";
    }

    /// <summary>The caller an injected fault names: read from the token without validating it (faults fire before authentication).</summary>
    private static ArmCaller UnvalidatedCaller(string authorization)
    {
        try
        {
            var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(authorization["Bearer ".Length..].Trim());
            string? First(params string[] names) => names.Select(n => token.TryGetPayloadValue<string>(n, out var v) ? v : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            var oid = First("oid") ?? "";
            return new ArmCaller(First("upn", "unique_name", "preferred_username", "appid", "azp") ?? oid, oid);
        }
        catch (Exception e) when (e is ArgumentException or ArgumentOutOfRangeException or FormatException)
        {
            return new ArmCaller("", "");
        }
    }

    /// <summary>The caller as ARM names it in authorization errors: UPN for users, else the app id; and the object id.</summary>
    public static ArmCaller Caller(System.Security.Claims.ClaimsPrincipal principal)
    {
        string? First(params string[] names) => names.Select(n => principal.FindFirst(n)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var oid = First("oid", "http://schemas.microsoft.com/identity/claims/objectidentifier") ?? "";
        var name = First("upn", "unique_name", "preferred_username", "appid", "azp") ?? oid;
        return new ArmCaller(name, oid);
    }

    /// <summary>
    /// The answer to a path no route serves, as ARM gives it: a wrong method on a known path is 405; under
    /// <c>providers/{namespace}</c>, a namespace the simulator does not serve is <c>InvalidResourceNamespace</c>, a type
    /// it does not serve is <c>InvalidResourceType</c>, a served type with a version it does not list is
    /// <c>NoRegisteredProviderFound</c>; anything else (an action or sub-path the simulator has no model of, a path
    /// outside <c>providers</c>) is ARM's front end's 404.
    /// </summary>
    private ArmException Unrouted(HttpRequest request, string method, string path, string[] segments, string apiVersion, bool pathExists)
    {
        if (pathExists)
            return new ArmException(405, "HttpMethodNotAllowed", $"The requested resource does not support http method '{method}'.");
        var (ns, type) = ArmRouter.ResourceType(segments);
        if (ns is not null)
        {
            var served = _router.ServedTypes();
            if (!served.TryGetValue(ns, out var types))
                return ArmErrors.InvalidResourceNamespace(ns);
            if (type is not null)
            {
                // An action or child the simulator does not model sits below a served type: ".../virtualMachines/vm/start".
                var parent = type.Contains('/', StringComparison.Ordinal) ? type[..type.LastIndexOf('/')] : null;
                var known = types.ContainsKey(type) ? type : parent is not null && types.ContainsKey(parent) ? parent : null;
                if (known is null)
                    return ArmErrors.InvalidResourceType(served.Keys.First(k => k.Equals(ns, StringComparison.OrdinalIgnoreCase)), apiVersion);
                var family = types[known];
                if (!ApiVersionTable.Accepts(family, apiVersion))
                    return NoRegisteredProvider(family, types.Keys.First(k => k.Equals(known, StringComparison.OrdinalIgnoreCase)), apiVersion, null);
            }
        }
        return ArmErrors.NoRoute($"{request.Scheme}://{request.Host}{path}");
    }

    /// <summary>ARM's own routes answer an unknown version with InvalidApiVersionParameter, a provider's types with NoRegisteredProviderFound.</summary>
    private static void CheckApiVersion(ArmRouter.Route route, Dictionary<string, string> values, string apiVersion)
    {
        if (ApiVersionTable.Accepts(route.Family, apiVersion))
            return;
        if (ApiVersionTable.IsArmOwn(route.Family) || route.Type is null)
            throw ArmErrors.InvalidApiVersion(apiVersion, ApiVersionTable.For(route.Family));
        throw NoRegisteredProvider(route.Family, route.Type, apiVersion, values.GetValueOrDefault("location"));
    }

    /// <summary>The location named is the request's own when its path has one, else the first region the simulator offers.</summary>
    private static ArmException NoRegisteredProvider(ApiFamily family, string type, string apiVersion, string? location)
        => ArmErrors.NoRegisteredProvider(
            ApiVersionTable.Normalize(location ?? ApiVersionTable.Locations[0]), apiVersion, type,
            ApiVersionTable.For(family), ApiVersionTable.Locations.Select(ApiVersionTable.Normalize));

    private static string CallerIp(HttpContext http)
    {
        var ip = http.Connection.RemoteIpAddress;
        if (ip is null)
            return "127.0.0.1";
        return (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
    }

    /// <summary>
    /// Validates the bearer token as ARM does: signed by the simulator's issuer, not expired, and meant for ARM
    /// (public ARM's audience or the simulator's own address, each with or without the trailing slash).
    /// </summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> AuthenticateAsync(HttpContext http, string token)
    {
        // Pick the audience the token claims (when it is one of ours) so that validation runs once: a failed first
        // try would be logged as an error by IdentityModel's process-wide logger in the embedding app.
        var own = $"{http.Request.Scheme}://{http.Request.Host.Value}/";
        var audience = SimulatorIdentity.ArmAudience;
        try
        {
            var claimed = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Audiences.FirstOrDefault();
            if (claimed is not null && string.Equals(claimed.TrimEnd('/'), own.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                audience = own;
        }
        catch (ArgumentException)
        {
            // Not a JWT: validation below says so.
        }
        var result = await _identity.ValidateAccessTokenAsync(token, audience);
        if (result.IsValid)
            return result.Principal!;
        var reason = result.Failure switch
        {
            SimulatorTokenFailure.Expired => "The token is expired.",
            SimulatorTokenFailure.NotSigned => "The token is not signed.",
            SimulatorTokenFailure.InvalidSignature => "The token's signature is not valid for this issuer.",
            SimulatorTokenFailure.InvalidIssuer => "The token's issuer is not trusted.",
            SimulatorTokenFailure.InvalidAudience => $"The token's audience is not '{SimulatorIdentity.ArmAudience}' nor this endpoint.",
            _ => "The token could not be read.",
        };
        throw new ArmException(401, "InvalidAuthenticationToken", $"The access token is invalid. {reason}");
    }

    /// <summary>The caller's UPN from validated claims (users), else "" as ARM shows for service principals.</summary>
    public static string Requestor(System.Security.Claims.ClaimsPrincipal principal)
    {
        foreach (var name in new[] { "upn", "unique_name", "preferred_username" })
        {
            if (principal.FindFirst(name)?.Value is { Length: > 0 } value)
                return value;
        }
        return "";
    }
}
