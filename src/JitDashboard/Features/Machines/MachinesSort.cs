using JitDashboard.Platform.Estate;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The Machines grid's sort, applied by the page once per change of the estate, the filter or the sort (issue 18).
/// MudDataGrid sorts its whole item list on every render of the grid (a selection click, a live update), which at
/// 100,000 VMs costs more than the 200 ms a grid interaction may take; so its columns sort by <see cref="GridKey"/>
/// with <see cref="GridComparer"/>, a stable no-op that keeps the header's arrows and the page's order, and the page
/// hands it rows already sorted here.
/// </summary>
public sealed class MachinesSort
{
    private static readonly object Same = new();

    public static MachinesSort None { get; } = new([]);

    /// <summary>The columns to sort by, first to last, each by key (<see cref="MachinesColumns"/>) and direction.</summary>
    public IReadOnlyList<MachinesSortKey> Keys { get; }

    public MachinesSort(IReadOnlyList<MachinesSortKey> keys) =>
        Keys = keys.Where(k => MachinesColumns.SortKeys.ContainsKey(k.Column)).ToArray();

    public bool IsEmpty => Keys.Count == 0;

    /// <summary>What the grid's columns "sort" by: one value for every row, so the grid's own sort keeps the page's order.</summary>
    public static Func<EstateMachine, object> GridKey { get; } = static _ => Same;

    /// <summary>Compares every pair of grid keys as equal (the grid's sort is stable, so the order stays).</summary>
    public static IComparer<object?> GridComparer { get; } = Comparer<object?>.Create(static (_, _) => 0);

    /// <summary>
    /// The machines in this order: each key read once per machine (not once per comparison), ties kept in the input's
    /// order (the snapshot's: by name), so the same input always gives the same rows.
    /// </summary>
    public IReadOnlyList<EstateMachine> Apply(IReadOnlyList<EstateMachine> machines)
    {
        if (IsEmpty || machines.Count < 2)
            return machines;
        var count = machines.Count;
        var keys = new object?[Keys.Count][];
        for (var k = 0; k < Keys.Count; k++)
        {
            var read = MachinesColumns.SortKeys[Keys[k].Column];
            var column = new object?[count];
            for (var i = 0; i < count; i++)
                column[i] = read(machines[i]);
            keys[k] = column;
        }
        var descending = Keys.Select(k => k.Descending).ToArray();
        // One key by which the rows already are in order (the snapshot is by name, and a filter keeps that order):
        // no sort at all, at most the runs of equal keys in reverse (ties stay in the input's order).
        if (keys.Length == 1 && NonDecreasing(keys[0]))
            return descending[0] ? ReverseRuns(machines, keys[0]) : machines;
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            for (var k = 0; k < keys.Length; k++)
            {
                var compared = MachinesSortComparer.Instance.Compare(keys[k][a], keys[k][b]);
                if (compared != 0)
                    return descending[k] ? -compared : compared;
            }
            return a.CompareTo(b);
        });
        var sorted = new EstateMachine[count];
        for (var i = 0; i < count; i++)
            sorted[i] = machines[order[i]];
        return sorted;
    }

    private static bool NonDecreasing(object?[] keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (MachinesSortComparer.Instance.Compare(keys[i - 1], keys[i]) > 0)
                return false;
        }
        return true;
    }

    private static EstateMachine[] ReverseRuns(IReadOnlyList<EstateMachine> machines, object?[] keys)
    {
        var sorted = new EstateMachine[machines.Count];
        var written = 0;
        var end = machines.Count;
        while (end > 0)
        {
            var start = end - 1;
            while (start > 0 && MachinesSortComparer.Instance.Compare(keys[start - 1], keys[end - 1]) == 0)
                start--;
            for (var i = start; i < end; i++)
                sorted[written++] = machines[i];
            end = start;
        }
        return sorted;
    }
}
