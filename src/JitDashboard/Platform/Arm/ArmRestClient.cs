using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// Raw requests through the ArmClient's own pipeline (same credential, retries and transport), for the
/// providers that have no SDK package here (Network, Security): exact bodies, fixed api-versions.
/// </summary>
public sealed class ArmRestClient
{
    private readonly ArmClientProvider _arm;
    private PipelineAccess? _access;

    public ArmRestClient(ArmClientProvider arm) => _arm = arm;

    private PipelineAccess Access => _access ??= new PipelineAccess(_arm.Client);

    /// <summary>Sends one request; returns the body, or default for 204 and for 404 when <paramref name="nullOn404"/>.</summary>
    public Task<T?> SendAsync<T>(
        RequestMethod method, string path, string apiVersion, object? body = null,
        IReadOnlyList<KeyValuePair<string, string>>? query = null, bool nullOn404 = false,
        CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(() => SendCoreAsync<T>(method, path, apiVersion, body, query, nullOn404, cancellationToken), method.ToString(), path, cancellationToken);

    private async Task<T?> SendCoreAsync<T>(
        RequestMethod method, string path, string apiVersion, object? body,
        IReadOnlyList<KeyValuePair<string, string>>? query, bool nullOn404, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(method, path, apiVersion, body, query);
        await Access.Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (nullOn404 && response.Status == 404 && IsResourceAbsent(response))
            return default;
        EnsureSuccess(response, method, path);
        if (response.Status == 204 || response.Content is null || response.Content.ToMemory().IsEmpty)
            return default;
        return response.Content.ToObjectFromJson<T>(ArmJson.Options);
    }

    /// <summary>Sends a request whose answer has no useful body; returns the status.</summary>
    public Task<int> SendWithoutBodyAsync(RequestMethod method, string path, string apiVersion, CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(async () =>
        {
            using var message = CreateMessage(method, path, apiVersion, null, null);
            await Access.Pipeline.SendAsync(message, cancellationToken);
            EnsureSuccess(message.Response, method, path);
            return message.Response.Status;
        }, method.ToString(), path, cancellationToken);

    /// <summary>
    /// Sends a write that ARM may run long: when the answer carries <c>Azure-AsyncOperation</c> (PUT) or is a 202 with
    /// <c>Location</c> (DELETE), polls it (honouring Retry-After, capped) until it ends; a Failed or Canceled end throws
    /// with ARM's error. Returns the immediate answer's body (null for none): callers re-read the resource when it matters.
    /// </summary>
    public Task<System.Text.Json.Nodes.JsonObject?> SendLongRunningAsync(
        RequestMethod method, string path, string apiVersion, object? body, TimeSpan maxPollDelay, CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(() => SendLongRunningCoreAsync(method, path, apiVersion, body, maxPollDelay, cancellationToken), method.ToString(), path, cancellationToken);

    private async Task<System.Text.Json.Nodes.JsonObject?> SendLongRunningCoreAsync(
        RequestMethod method, string path, string apiVersion, object? body, TimeSpan maxPollDelay, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(method, path, apiVersion, body, null);
        await Access.Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        EnsureSuccess(response, method, path);
        var result = response.Status == 204 || response.Content is null || response.Content.ToMemory().IsEmpty
            ? null
            : System.Text.Json.Nodes.JsonNode.Parse(response.Content.ToString()) as System.Text.Json.Nodes.JsonObject;
        if (response.Headers.TryGetValue("Azure-AsyncOperation", out var asyncUrl) && !string.IsNullOrEmpty(asyncUrl))
        {
            await PollAsync(new Uri(asyncUrl), RetryAfter(response, maxPollDelay), maxPollDelay, asyncOperation: true, method, path, cancellationToken);
        }
        else if (response.Status == 202 && response.Headers.TryGetValue("Location", out var location) && !string.IsNullOrEmpty(location))
        {
            await PollAsync(new Uri(location), RetryAfter(response, maxPollDelay), maxPollDelay, asyncOperation: false, method, path, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// A POST that answers with its result: 200 with the body, or 202 with a Location polled (Retry-After honoured,
    /// capped) until it answers 200 with the body (effectiveNetworkSecurityGroups, ipFlowVerify).
    /// </summary>
    public Task<T?> PostForResultAsync<T>(string path, string apiVersion, object? body, TimeSpan maxPollDelay, CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(async () =>
        {
            using var message = CreateMessage(RequestMethod.Post, path, apiVersion, body ?? new Dictionary<string, string>(), null);
            await Access.Pipeline.SendAsync(message, cancellationToken);
            var response = message.Response;
            EnsureSuccess(response, RequestMethod.Post, path);
            while (response.Status == 202 && response.Headers.TryGetValue("Location", out var location) && !string.IsNullOrEmpty(location))
            {
                await Task.Delay(RetryAfter(response, maxPollDelay), cancellationToken);
                using var poll = Access.Pipeline.CreateMessage();
                poll.Request.Method = RequestMethod.Get;
                poll.Request.Uri.Reset(new Uri(location));
                poll.Request.Headers.Add("Accept", "application/json");
                await Access.Pipeline.SendAsync(poll, cancellationToken);
                response = poll.Response;
                EnsureSuccess(response, RequestMethod.Get, path);
                if (response.Status != 202)
                    return response.Content is null || response.Content.ToMemory().IsEmpty ? default : response.Content.ToObjectFromJson<T>(ArmJson.Options);
            }
            return response.Content is null || response.Content.ToMemory().IsEmpty ? default : response.Content.ToObjectFromJson<T>(ArmJson.Options);
        }, "POST", path, cancellationToken);

    private async Task PollAsync(Uri url, TimeSpan delay, TimeSpan maxDelay, bool asyncOperation, RequestMethod method, string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(delay, cancellationToken);
            using var poll = Access.Pipeline.CreateMessage();
            poll.Request.Method = RequestMethod.Get;
            poll.Request.Uri.Reset(url);
            poll.Request.Headers.Add("Accept", "application/json");
            await Access.Pipeline.SendAsync(poll, cancellationToken);
            var response = poll.Response;
            EnsureSuccess(response, RequestMethod.Get, url.AbsolutePath);
            delay = RetryAfter(response, maxDelay);
            if (!asyncOperation)
            {
                if (response.Status != 202) return;
                continue;
            }
            var status = response.Content is null ? null
                : (System.Text.Json.Nodes.JsonNode.Parse(response.Content.ToString()) as System.Text.Json.Nodes.JsonObject);
            var state = (string?)status?["status"];
            if (string.Equals(state, "Succeeded", StringComparison.OrdinalIgnoreCase)) return;
            if (string.Equals(state, "Failed", StringComparison.OrdinalIgnoreCase) || string.Equals(state, "Canceled", StringComparison.OrdinalIgnoreCase))
            {
                var error = status?["error"];
                throw ArmRequestException.FromResponse(500,
                    new System.Text.Json.Nodes.JsonObject { ["error"] = error?.DeepClone() ?? new System.Text.Json.Nodes.JsonObject { ["code"] = state, ["message"] = $"The operation ended {state}." } }.ToJsonString(),
                    method.ToString(), path);
            }
        }
    }

    private static TimeSpan RetryAfter(Response response, TimeSpan max) =>
        response.Headers.TryGetValue("Retry-After", out var text) && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds))
            : TimeSpan.FromSeconds(Math.Min(1, max.TotalSeconds));

    /// <summary>
    /// One GET without the pipeline's retries (a readiness probe must answer quickly): the status code, or the
    /// transport exception when nothing answered.
    /// </summary>
    public Task<int> ProbeAsync(string path, string apiVersion, CancellationToken cancellationToken = default)
        => ArmBoundary.RunAsync(async () =>
        {
            using var message = CreateMessage(RequestMethod.Get, path, apiVersion, null, null);
            message.ResponseClassifier = NoRetries.Instance;
            await Access.Pipeline.SendAsync(message, cancellationToken);
            return message.Response.Status;
        }, "GET", path, cancellationToken);

    private sealed class NoRetries : ResponseClassifier
    {
        public static readonly NoRetries Instance = new();

        public override bool IsRetriableResponse(HttpMessage message) => false;

        public override bool IsRetriableException(Exception exception) => false;

        public override bool IsRetriable(HttpMessage message, Exception exception) => false;

        public override bool IsErrorResponse(HttpMessage message) => message.Response.Status >= 400;
    }

    /// <summary>Lists every item of a pageable ARM list, following <c>nextLink</c>.</summary>
    public IAsyncEnumerable<T> ListAsync<T>(
        string path, string apiVersion, IReadOnlyList<KeyValuePair<string, string>>? query = null,
        CancellationToken cancellationToken = default)
        => ArmBoundary.EnumerateAsync(ListCoreAsync<T>(path, apiVersion, query, cancellationToken), path, cancellationToken);

    private async IAsyncEnumerable<T> ListCoreAsync<T>(
        string path, string apiVersion, IReadOnlyList<KeyValuePair<string, string>>? query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? nextLink = null;
        do
        {
            using var message = nextLink is null
                ? CreateMessage(RequestMethod.Get, path, apiVersion, null, query)
                : CreateNextLinkMessage(nextLink);
            // A page is read from the stream as it arrives instead of being buffered whole first: a buffered page of
            // a large estate is a growing MemoryStream of several MB (large-object heap), and those copies made most
            // of the refresh's full GCs (issue 18).
            message.BufferResponse = false;
            await Access.Pipeline.SendAsync(message, cancellationToken);
            var response = message.Response;
            if (response.Status is < 200 or >= 300)
            {
                string? body = null;
                if (response.ContentStream is { } errorStream)
                {
                    using var reader = new StreamReader(errorStream);
                    body = await reader.ReadToEndAsync(cancellationToken);
                }
                EnsureSuccess(response, RequestMethod.Get, nextLink ?? path, body);
            }
            var page = (response.ContentStream is { } stream
                    ? await JsonSerializer.DeserializeAsync<Models.ArmPage<T>>(stream, ArmJson.Options, cancellationToken)
                    : null)
                ?? new Models.ArmPage<T>();
            foreach (var item in page.Value)
                yield return item;
            nextLink = string.IsNullOrEmpty(page.NextLink) ? null : page.NextLink;
        }
        while (nextLink is not null);
    }

    private HttpMessage CreateMessage(RequestMethod method, string path, string apiVersion, object? body, IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        var message = Access.Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Access.Endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Uri.AppendQuery("api-version", apiVersion, escapeValue: true);
        if (query is not null)
        {
            foreach (var (key, value) in query)
                request.Uri.AppendQuery(key, value, escapeValue: true);
        }

        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ArmJson.Options));
        }

        return message;
    }

    private HttpMessage CreateNextLinkMessage(string nextLink)
    {
        var message = Access.Pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        // nextLink is absolute and already carries api-version and any skip token.
        message.Request.Uri.Reset(new Uri(nextLink, UriKind.Absolute));
        message.Request.Headers.Add("Accept", "application/json");
        return message;
    }

    private static void EnsureSuccess(Response response, RequestMethod method, string path) =>
        EnsureSuccess(response, method, path, response.Status is >= 200 and < 300 ? null : response.Content?.ToString());

    private static void EnsureSuccess(Response response, RequestMethod method, string path, string? body)
    {
        if (response.Status is >= 200 and < 300)
            return;
        TimeSpan? retryAfter = response.Headers.TryGetValue("Retry-After", out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;
        throw ArmRequestException.FromResponse(response.Status, body, method.ToString(), path, retryAfter);
    }

    /// <summary>
    /// A 404 that says the resource itself is absent. A 404 about the scope (the subscription is gone, Defender is not
    /// registered, the type is unknown) is not "no such resource": treating it so would write on top of what could not be read.
    /// </summary>
    private static bool IsResourceAbsent(Response response)
    {
        var failure = ArmRequestException.FromResponse(response.Status, response.Content?.ToString(), "GET", "").Failure;
        return failure.Kind == ArmFailureKind.NotFound
            && failure.Code is not ("InvalidResourceType" or "NoRegisteredProviderFound" or "InvalidResourceNamespace");
    }

    /// <summary>ArmResource exposes the client's pipeline and endpoint to subclasses only.</summary>
    private sealed class PipelineAccess(ArmClient client) : ArmResource(client, ResourceIdentifier.Root)
    {
        public new HttpPipeline Pipeline => base.Pipeline;

        public new Uri Endpoint => base.Endpoint;
    }
}
