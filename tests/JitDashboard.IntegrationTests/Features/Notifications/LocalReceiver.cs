using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JitDashboard.IntegrationTests.Features.Notifications;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers, int Index, DateTimeOffset ReceivedAt);

/// <summary>
/// A real webhook receiver: Kestrel on http://127.0.0.1:random. Each path answers from its own script of
/// responses (status, optional Retry-After, or hang until released), then 200 once the script is used up.
/// </summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Channel<ReceivedRequest>> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _all = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private LocalReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>True once <see cref="ReleaseHanging"/> was called.</summary>
    public bool Released => _release.Task.IsCompleted;

    public IReadOnlyList<ReceivedRequest> All => [.. _all];

    public static async Task<LocalReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LocalReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>The replies for a path, in order; after them the path answers 200.</summary>
    public void Script(string path, params Reply[] replies)
    {
        var queue = _scripts.GetOrAdd("/" + path, _ => new ConcurrentQueue<Reply>());
        foreach (var r in replies) queue.Enqueue(r);
    }

    /// <summary>Lets every hanging request answer 200.</summary>
    public void ReleaseHanging() => _release.TrySetResult();

    /// <summary>The next request to a path (waits for it, failing after a generous deadline).</summary>
    public async Task<ReceivedRequest> NextAsync(string path, TimeSpan? timeout = null)
    {
        var channel = _arrivals.GetOrAdd("/" + path, _ => Channel.CreateUnbounded<ReceivedRequest>());
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await channel.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next request to a path whose body contains the text (earlier ones are skipped).</summary>
    public async Task<ReceivedRequest> NextAsync(string path, string bodyContains)
    {
        while (true)
        {
            var next = await NextAsync(path);
            if (next.Body.Contains(bodyContains, StringComparison.Ordinal)) return next;
        }
    }

    public IReadOnlyList<ReceivedRequest> To(string path) => _all.Where(r => r.Path == "/" + path).OrderBy(r => r.Index).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedRequest(path, body, headers, Interlocked.Increment(ref _count), DateTimeOffset.UtcNow);
        _all.Enqueue(request);
        await _arrivals.GetOrAdd(path, _ => Channel.CreateUnbounded<ReceivedRequest>()).Writer.WriteAsync(request);

        var reply = _scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next : Reply.Ok;
        if (reply.Hang)
        {
            // Until released or until the sender gives up on the request (its timeout or shutdown).
            try
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(reply.Status < 300 ? "ok" : "nope");
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHanging();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record Reply(int Status, int? RetryAfterSeconds = null, bool Hang = false)
{
    public static Reply Ok { get; } = new(200);

    public static Reply Hanging { get; } = new(200, Hang: true);
}
