namespace JitDashboard.Platform.Estate.Live;

/// <summary>
/// Resources waiting for their targeted refresh, one entry per resource (coalesced): each is due
/// <c>debounce</c> after its latest event, but never later than <c>maxDelay</c> after its first, so a burst on one
/// NSG costs one read and a steady stream still gets read. Bounded: past <c>capacity</c> resources it refuses, and
/// the caller falls back to a full sweep. Not thread-safe (the coordinator locks around it).
/// </summary>
public sealed class PendingRefreshes(TimeSpan debounce, TimeSpan maxDelay, int capacity)
{
    private readonly Dictionary<string, (EstateResource Resource, DateTimeOffset First, DateTimeOffset Due)> _pending = new(StringComparer.Ordinal);

    public int Count => _pending.Count;

    /// <summary>When the next resource is due; null when none waits.</summary>
    public DateTimeOffset? NextDue => _pending.Count == 0 ? null : _pending.Values.Min(p => p.Due);

    /// <summary>Queues (or pushes back) a resource; false when the queue is full and it was not already in it.</summary>
    public bool Add(EstateResource resource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (_pending.TryGetValue(resource.Key, out var entry))
        {
            var due = now + debounce;
            var latest = entry.First + maxDelay;
            _pending[resource.Key] = entry with { Due = due < latest ? due : latest };
            return true;
        }
        if (_pending.Count >= capacity) return false;
        _pending[resource.Key] = (resource, now, now + debounce);
        return true;
    }

    /// <summary>Removes and returns the resources due at <paramref name="now"/>.</summary>
    public IReadOnlyList<EstateResource> TakeDue(DateTimeOffset now)
    {
        var due = _pending.Where(p => p.Value.Due <= now).ToList();
        foreach (var (key, _) in due) _pending.Remove(key);
        return due.Select(p => p.Value.Resource).ToList();
    }

    public void Clear() => _pending.Clear();
}
