namespace JitDashboard.Features.Machines;

/// <summary>
/// How the Machines grid compares sort keys: text ordinally, ignoring case (as the snapshot orders names), the rest by
/// its own order. The grid sorts the whole view on each render while a sort is on, and culture-aware comparison is the
/// slow kind (issue 18); at 100,000 VMs the sort is still too slow, which needs server-side paging (README, Scale).
/// </summary>
public sealed class MachinesSortComparer : IComparer<object?>
{
    public static MachinesSortComparer Instance { get; } = new();

    public int Compare(object? x, object? y) => x is string a && y is string b
        ? StringComparer.OrdinalIgnoreCase.Compare(a, b)
        : Comparer<object>.Default.Compare(x, y);
}
