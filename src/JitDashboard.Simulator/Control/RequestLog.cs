using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Control;

/// <summary>The ARM requests received (not control calls), newest last, capped so a long run cannot exhaust memory.</summary>
public sealed class RequestLog
{
    // A full sweep of 100,000 VMs in 200 subscriptions is about 10,000 requests; the benchmarks count them all.
    private const int Capacity = 100_000;
    private readonly Queue<LoggedRequest> _items = new();

    public void Add(LoggedRequest item)
    {
        lock (_items)
        {
            if (_items.Count == Capacity)
                _items.Dequeue();
            _items.Enqueue(item);
        }
    }

    public IReadOnlyList<LoggedRequest> Snapshot()
    {
        lock (_items)
            return _items.ToList();
    }

    public void Clear()
    {
        lock (_items)
            _items.Clear();
    }

    public JsonObject ToJson() => new()
    {
        ["items"] = new JsonArray(Snapshot().Select(r => (JsonNode)new JsonObject
        {
            ["method"] = r.Method,
            ["path"] = r.Path,
            ["apiVersion"] = r.ApiVersion,
            ["status"] = r.Status,
            ["time"] = r.Time.UtcDateTime.ToString("o"),
        }).ToArray()),
    };
}
