namespace JitDashboard.Platform.Work;

/// <summary>
/// Tells the other instances sharing the database that something changed ("an access request changed", "estate
/// version 12 is stored"). Only a hint to re-read: the state itself is in the database. Messages from this instance
/// are not delivered back to it (its in-process events already ran). <see cref="InProcessChangeBus"/> when there is
/// one instance (SQLite), <see cref="PostgresChangeBus"/> (LISTEN/NOTIFY) when several share PostgreSQL.
/// </summary>
public interface IChangeBus
{
    /// <summary>This instance's id (what the other instances see as <see cref="ChangeMessage.From"/>).</summary>
    string InstanceId { get; }

    /// <summary>True when other instances can hear this one (PostgreSQL); false for a single instance.</summary>
    bool IsShared { get; }

    /// <summary>
    /// Sends <paramref name="payload"/> (under <see cref="ChangeMessage.MaxPayloadBytes"/>) on <paramref name="topic"/> to
    /// the other instances. Best effort: a failure is logged, never thrown, as a missed message is healed by the
    /// receivers' re-reads.
    /// </summary>
    Task PublishAsync(string topic, string payload = "", CancellationToken ct = default);

    /// <summary>Calls <paramref name="handler"/> for each message on <paramref name="topic"/> from another instance; quick handlers only.</summary>
    IDisposable Subscribe(string topic, Action<ChangeMessage> handler);

    /// <summary>
    /// Raised after the bus reconnected: messages sent while it was disconnected are lost, so subscribers re-read
    /// the state they follow.
    /// </summary>
    event Action? Reconnected;
}
