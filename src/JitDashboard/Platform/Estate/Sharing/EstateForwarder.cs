using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using JitDashboard.Platform.Work;

namespace JitDashboard.Platform.Estate.Sharing;

/// <summary>
/// On a standby, sends what would read ARM for the estate to the leader instead (events through the inbox table,
/// refresh requests and a writer's refresh-now on the change bus), and waits until the refreshed estate it stores has reached this instance. So ARM sees one reader,
/// and an event delivered to any instance is applied once, by the leader. A request no leader answers (none yet, or it
/// just died) is sent again; the next leader sweeps on taking over anyway.
/// </summary>
public sealed partial class EstateForwarder
{
    internal const string RequestTopic = "estate.request";
    internal const string ReplyTopic = "estate.reply";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private readonly EstateLeadership _leadership;
    private readonly EstateInboxStore _inbox;
    private readonly IChangeBus _bus;
    private readonly SharedEstateVersion _version;
    private readonly TimeProvider _time;
    private readonly ILogger<EstateForwarder> _logger;
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<EstateReply>> _pending = new();

    public EstateForwarder(EstateLeadership leadership, EstateInboxStore inbox, IChangeBus bus, SharedEstateVersion version, TimeProvider time, ILogger<EstateForwarder> logger)
    {
        ArgumentNullException.ThrowIfNull(bus);
        (_leadership, _inbox, _bus, _version, _time, _logger) = (leadership, inbox, bus, version, time, logger);
        bus.Subscribe(ReplyTopic, OnReply);
    }

    /// <summary>True on a standby: estate work goes to the leader.</summary>
    public bool Forwards => _bus.IsShared && !_leadership.IsLeader;

    /// <summary>Requests forwarded (this instance).</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    private long _forwarded;

    /// <summary>
    /// Events' resources, for the leader: stored in the inbox (durable: a leader that dies before acting leaves them to
    /// the next), then a NOTIFY wakes it. Should the database refuse the row, the resources go in the NOTIFY itself
    /// (the earlier, fire-and-forget way: a lost one is healed by the takeover sweep).
    /// </summary>
    public async Task NotifyAsync(IReadOnlyList<string> resourceIds, int events, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        try
        {
            await _inbox.AddAsync(resourceIds, events, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogInboxFailed(_logger, e);
            foreach (var chunk in Chunks(resourceIds))
                await SendAsync(new EstateRequest(Guid.Empty, EstateRequestKind.Notify, chunk, events), ct);
            return;
        }
        await SendAsync(new EstateRequest(Guid.Empty, EstateRequestKind.Notify, [], 0), ct);
    }

    /// <summary>
    /// Asks the leader for a refresh and waits until this instance shows its result: the VMs re-evaluated (those the
    /// reply could carry). Null when this instance became the leader meanwhile: the caller does it itself.
    /// </summary>
    public async Task<IReadOnlySet<string>?> RequestAsync(EstateRequestKind kind, IReadOnlyList<string> resourceIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        var chunks = kind == EstateRequestKind.Now ? Chunks(resourceIds) : [[]];
        var replies = await Task.WhenAll(chunks.Select(chunk => AskAsync(kind, chunk, ct)));
        if (replies.Any(r => r is null)) return null;
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var reply in replies) changed.UnionWith(reply!.Changed ?? []);
        return changed;
    }

    /// <summary>One request, re-sent every couple of seconds until answered; null when this instance became the leader meanwhile.</summary>
    private async Task<EstateReply?> AskAsync(EstateRequestKind kind, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var request = new EstateRequest(Guid.NewGuid(), kind, ids, 0);
        var answer = new TaskCompletionSource<EstateReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = answer;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!Forwards) return null;
                await SendAsync(request, ct);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var timeout = Task.Delay(RetryAfter, _time, wait.Token);
                if (await Task.WhenAny(answer.Task, timeout) == answer.Task)
                {
                    await wait.CancelAsync();
                    var reply = await answer.Task;
                    await _version.WaitForAsync(reply.Version, ct);
                    return reply;
                }
                LogUnanswered(_logger, kind);
            }
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    private async Task SendAsync(EstateRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _forwarded);
        await _bus.PublishAsync(RequestTopic, JsonSerializer.Serialize(request, Json), ct);
    }

    private void OnReply(ChangeMessage message)
    {
        EstateReply? reply;
        try
        {
            reply = JsonSerializer.Deserialize<EstateReply>(message.Payload, Json);
        }
        catch (JsonException)
        {
            return;
        }
        if (reply is not null && _pending.TryGetValue(reply.Id, out var answer)) answer.TrySetResult(reply);
    }

    /// <summary>Splits ids so each request fits one NOTIFY.</summary>
    internal static List<IReadOnlyList<string>> Chunks(IReadOnlyList<string> ids)
    {
        var chunks = new List<IReadOnlyList<string>>();
        var current = new List<string>();
        var bytes = 0;
        // Room for the request's other fields and JSON quoting.
        const int budget = ChangeMessage.MaxPayloadBytes - 400;
        foreach (var id in ids)
        {
            var size = Encoding.UTF8.GetByteCount(id) + 8;
            if (size > budget) continue;
            if (bytes + size > budget && current.Count > 0)
            {
                chunks.Add(current);
                (current, bytes) = ([], 0);
            }
            current.Add(id);
            bytes += size;
        }
        if (current.Count > 0 || chunks.Count == 0) chunks.Add(current);
        return chunks;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Estate: could not store forwarded events; sending them in the notification instead")]
    private static partial void LogInboxFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Estate: no leader answered a {Kind} request yet; asking again")]
    private static partial void LogUnanswered(ILogger logger, EstateRequestKind kind);
}
