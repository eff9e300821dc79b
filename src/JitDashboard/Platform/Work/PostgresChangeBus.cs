using System.Text;
using System.Text.Json;
using JitDashboard.Platform.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JitDashboard.Platform.Work;

/// <summary>
/// The bus between instances sharing PostgreSQL: PostgreSQL's own LISTEN/NOTIFY through Npgsql (a NOTIFY per
/// message; one connection per instance that LISTENs and waits with <c>WaitAsync</c>). No broker of ours: the
/// server fans a NOTIFY out to every listening session of the database. When the listening connection drops, it
/// reconnects with a growing backoff and raises <see cref="Reconnected"/>, since NOTIFYs sent meanwhile are lost.
/// </summary>
public sealed partial class PostgresChangeBus : IChangeBus, IAsyncDisposable
{
    /// <summary>The one channel; the topic travels in the payload.</summary>
    public const string Channel = "jitdashboard_changes";

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger<PostgresChangeBus> _logger;
    private readonly ChangeSubscribers _subscribers;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresChangeBus(IOptions<DatabaseOptions> options, TimeProvider time, ILogger<PostgresChangeBus> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Keepalives make a silently dead server connection fail the wait instead of hanging in it.
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ResolveConnectionString()) { KeepAlive = 10 };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        (_time, _logger) = (time, logger);
        _subscribers = new ChangeSubscribers(logger);
    }

    public string InstanceId { get; } = DatabaseLease.NewHolderId();

    public bool IsShared => true;

    public event Action? Reconnected;

    /// <summary>Completes once the first LISTEN is in place (tests wait on it before changing anything).</summary>
    public Task Listening => _listening.Task;

    /// <summary>How many times the listening connection was (re)opened.</summary>
    public int Connections { get; private set; }

    public IDisposable Subscribe(string topic, Action<ChangeMessage> handler) => _subscribers.Add(topic, handler);

    public async Task PublishAsync(string topic, string payload = "", CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        if (Encoding.UTF8.GetByteCount(payload) > ChangeMessage.MaxPayloadBytes)
            throw new ArgumentException($"A change message's payload is limited to {ChangeMessage.MaxPayloadBytes} bytes.", nameof(payload));
        var envelope = JsonSerializer.Serialize(new Envelope(topic, payload, InstanceId));
        try
        {
            await using var command = _source.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", envelope);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The receivers' periodic and reconnect re-reads bring the change anyway.
            LogPublishFailed(_logger, ex, topic);
        }
    }

    /// <summary>The listening loop (run by <see cref="ChangeBusListener"/>): until <paramref name="ct"/>, reconnecting with backoff.</summary>
    public async Task ListenAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                Connections++;
                if (failures > 0 || Connections > 1) LogReconnected(_logger, failures);
                failures = 0;
                _listening.TrySetResult();
                RaiseReconnected();
                while (!ct.IsCancellationRequested)
                    await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.IO.IOException)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 8))));
                LogListenFailed(_logger, ex, failures, delay);
                try
                {
                    await Task.Delay(delay, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(e.Payload);
        }
        catch (JsonException)
        {
            return;
        }
        if (envelope is null || envelope.F == InstanceId) return;
        _subscribers.Deliver(new ChangeMessage(envelope.T, envelope.P ?? "", envelope.F));
    }

    private void RaiseReconnected()
    {
        foreach (var handler in Reconnected?.GetInvocationList().Cast<Action>() ?? [])
        {
            try
            {
                handler();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPublishFailed(_logger, ex, "(reconnected)");
            }
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    // Short names: the envelope shares NOTIFY's 8000 bytes with the payload.
    private sealed record Envelope(string T, string? P, string F);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change bus: publishing {Topic} failed; the other instances re-read later")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Change bus: listening failed ({Failures} in a row); reconnecting in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, Exception ex, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Change bus: listening again after {Failures} failure(s); subscribers re-read")]
    private static partial void LogReconnected(ILogger logger, int failures);
}
