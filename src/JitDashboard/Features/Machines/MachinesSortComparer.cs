namespace JitDashboard.Features.Machines;

/// <summary>
/// How the Machines grid compares sort keys: text ordinally, ignoring case (as the snapshot orders names), the rest by
/// its own order. The grid sorts the whole view on each render while a sort is on; culture-aware comparison of 100,000
/// names took tens of seconds on the build machine (issue 18).
/// </summary>
public sealed class MachinesSortComparer : IComparer<object?>
{
    public static MachinesSortComparer Instance { get; } = new();

    public int Compare(object? x, object? y) => x is string a && y is string b
        ? StringComparer.OrdinalIgnoreCase.Compare(a, b)
        : Comparer<object>.Default.Compare(x, y);
}
