namespace JitDashboard.Platform.Estate.Events;

/// <summary>
/// The ids of the events already applied, so that a delivery Event Grid retries (it delivers at least once) is
/// applied once. Bounded: the oldest ids are forgotten first.
/// </summary>
public sealed class SeenEvents(int capacity)
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    /// <summary>True the first time an id is seen; false for a repeat.</summary>
    public bool TryMark(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            if (!_ids.Add(id)) return false;
            _order.Enqueue(id);
            while (_order.Count > Math.Max(1, capacity)) _ids.Remove(_order.Dequeue());
            return true;
        }
    }

    /// <summary>Unmarks <paramref name="id"/> (its delivery failed before it was taken on): a retry is applied.</summary>
    public void Forget(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate) _ids.Remove(id);
    }
}
