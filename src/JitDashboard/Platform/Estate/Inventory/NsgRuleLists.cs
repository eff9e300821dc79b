using System.Collections.Concurrent;

namespace JitDashboard.Platform.Estate.Inventory;

/// <summary>
/// Shared one-item lists for the singular fields of security rules (<c>*</c>, <c>22</c>, <c>Internet</c>, a prefix):
/// an estate's hundreds of thousands of rules name a few thousand distinct values. Bounded: past the cap a value gets
/// its own list, as before.
/// </summary>
public static class NsgRuleLists
{
    private const int Cap = 16_384;
    private static readonly ConcurrentDictionary<string, string[]> Lists = new(StringComparer.Ordinal);

    /// <summary>A read-only list holding only <paramref name="value"/> (never mutate it: it is shared).</summary>
    public static IReadOnlyList<string> Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Lists.TryGetValue(value, out var list)) return list;
        list = [value];
        return Lists.Count < Cap ? Lists.GetOrAdd(value, list) : list;
    }
}
