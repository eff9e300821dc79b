using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace JitDashboard.Azure;

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
    public async Task<T?> SendAsync<T>(
        RequestMethod method, string path, string apiVersion, object? body = null,
        IReadOnlyList<KeyValuePair<string, string>>? query = null, bool nullOn404 = false,
        CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(method, path, apiVersion, body, query);
        await Access.Pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        if (nullOn404 && response.Status == 404)
            return default;
        EnsureSuccess(response, method, path);
        if (response.Status == 204 || response.Content is null || response.Content.ToMemory().IsEmpty)
            return default;
        return response.Content.ToObjectFromJson<T>(ArmJson.Options);
    }

    /// <summary>Sends a request whose answer has no useful body; returns the status.</summary>
    public async Task<int> SendWithoutBodyAsync(RequestMethod method, string path, string apiVersion, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(method, path, apiVersion, null, null);
        await Access.Pipeline.SendAsync(message, cancellationToken);
        EnsureSuccess(message.Response, method, path);
        return message.Response.Status;
    }

    /// <summary>
    /// One GET without the pipeline's retries (a readiness probe must answer quickly): the status code, or the
    /// transport exception when nothing answered.
    /// </summary>
    public async Task<int> ProbeAsync(string path, string apiVersion, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, path, apiVersion, null, null);
        message.ResponseClassifier = NoRetries.Instance;
        await Access.Pipeline.SendAsync(message, cancellationToken);
        return message.Response.Status;
    }

    private sealed class NoRetries : ResponseClassifier
    {
        public static readonly NoRetries Instance = new();

        public override bool IsRetriableResponse(HttpMessage message) => false;

        public override bool IsRetriableException(Exception exception) => false;

        public override bool IsRetriable(HttpMessage message, Exception exception) => false;

        public override bool IsErrorResponse(HttpMessage message) => message.Response.Status >= 400;
    }

    /// <summary>Lists every item of a pageable ARM list, following <c>nextLink</c>.</summary>
    public async IAsyncEnumerable<T> ListAsync<T>(
        string path, string apiVersion, IReadOnlyList<KeyValuePair<string, string>>? query = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextLink = null;
        do
        {
            using var message = nextLink is null
                ? CreateMessage(RequestMethod.Get, path, apiVersion, null, query)
                : CreateNextLinkMessage(nextLink);
            await Access.Pipeline.SendAsync(message, cancellationToken);
            EnsureSuccess(message.Response, RequestMethod.Get, nextLink ?? path);
            var page = message.Response.Content.ToObjectFromJson<Models.ArmPage<T>>(ArmJson.Options)
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

    private static void EnsureSuccess(Response response, RequestMethod method, string path)
    {
        if (response.Status is >= 200 and < 300)
            return;
        throw ArmRequestException.FromResponse(response.Status, response.Content?.ToString(), method.ToString(), path);
    }

    /// <summary>ArmResource exposes the client's pipeline and endpoint to subclasses only.</summary>
    private sealed class PipelineAccess(ArmClient client) : ArmResource(client, ResourceIdentifier.Root)
    {
        public new HttpPipeline Pipeline => base.Pipeline;

        public new Uri Endpoint => base.Endpoint;
    }
}
