using System.Collections.Concurrent;

namespace JitDashboard.Platform.Work;

/// <summary>The latest <see cref="WorkerStatus"/> of every worker in this process (one singleton; workers report to it).</summary>
public sealed class WorkerRegistry
{
    private readonly ConcurrentDictionary<string, WorkerStatus> _workers = new(StringComparer.Ordinal);

    public void Report(WorkerStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _workers[status.Name] = status;
    }

    public WorkerStatus? Find(string name) => _workers.GetValueOrDefault(name);

    /// <summary>Every worker's status, by name.</summary>
    public IReadOnlyList<WorkerStatus> All() => [.. _workers.Values.OrderBy(w => w.Name, StringComparer.Ordinal)];
}
