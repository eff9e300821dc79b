namespace JitDashboard.Features.Machines;

/// <summary>
/// How the Machines sort compares keys: text ordinally, ignoring case (as the snapshot orders names), the rest by its
/// own order (culture-aware comparison is the slow kind, issue 18). <see cref="MachinesSort"/> uses it.
/// </summary>
public sealed class MachinesSortComparer : IComparer<object?>
{
    public static MachinesSortComparer Instance { get; } = new();

    public int Compare(object? x, object? y) => x is string a && y is string b
        ? StringComparer.OrdinalIgnoreCase.Compare(a, b)
        : Comparer<object>.Default.Compare(x, y);
}
