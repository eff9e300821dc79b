namespace JitDashboard.Platform.Work;

/// <summary>
/// Carries one kind of in-process change event (an access request changed, an operation progressed) to the other
/// instances and back: <see cref="Local"/> sends this instance's changes on the bus; a change from another instance
/// is re-read from the database by the feature and raised here through <see cref="Replay"/>, which is not sent again.
/// </summary>
public sealed class ChangeRelay
{
    [ThreadStatic]
    private static bool t_replaying;

    private readonly IChangeBus _bus;
    private readonly string _topic;

    public ChangeRelay(IChangeBus bus, string topic, Action<string> onRemote)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(onRemote);
        (_bus, _topic) = (bus, topic);
        Subscription = bus.Subscribe(topic, message => onRemote(message.Payload));
    }

    /// <summary>Ends the relay's subscription.</summary>
    public IDisposable Subscription { get; }

    /// <summary>A change made here: tell the other instances (not when it is itself a replay of theirs).</summary>
    public void Local(string payload)
    {
        if (t_replaying || !_bus.IsShared) return;
        _ = _bus.PublishAsync(_topic, payload);
    }

    /// <summary>Raises another instance's change here (the event's handlers run synchronously inside).</summary>
    public static void Replay(Action raise)
    {
        ArgumentNullException.ThrowIfNull(raise);
        t_replaying = true;
        try
        {
            raise();
        }
        finally
        {
            t_replaying = false;
        }
    }
}
