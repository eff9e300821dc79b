using System.Collections.Concurrent;

namespace JitDashboard.Platform.Arm;

/// <summary>
/// One instance per distinct ARM id read within a scope (one subscription's inventory load), exactly, with no bound and
/// nothing kept after the scope. The ids of a load refer to each other across its lists (a NIC names its VM, subnet and
/// NSG; an assessment and a JIT policy name the VM; a public IP its ip configuration), so within the load every repeat
/// is caught, while the shared <see cref="StringPool"/> of 128k slots lets many go between the lists. Ids that only
/// occur once (security rule and assessment ids, dropped by <c>InventoryCompaction</c>) no longer fill the shared pool
/// and keep it holding strings nothing else references.
/// </summary>
public sealed class IdScope : IDisposable
{
    private static readonly AsyncLocal<IdScope?> CurrentScope = new();

    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly IdScope? _outer;

    private IdScope(IdScope? outer)
    {
        _outer = outer;
        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The scope of the running load (flows into the tasks it starts); null outside one.</summary>
    public static IdScope? Current => CurrentScope.Value;

    /// <summary>Starts a scope for the calling flow and the tasks it starts from now on; dispose to end it.</summary>
    public static IdScope Begin()
    {
        var scope = new IdScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>How many distinct ids the scope holds.</summary>
    public int Count => _ids.Count;

    /// <summary>True for the strings a scope takes: ARM ids (<c>/subscriptions/...</c>).</summary>
    public static bool IsId(ReadOnlySpan<char> value) => value.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);

    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var known))
            return known;
        var created = new string(value);
        return _ids.GetOrAdd(created, created);
    }

    public string Get(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _ids.GetOrAdd(value, value);
    }

    public void Dispose()
    {
        CurrentScope.Value = _outer;
        // A task the load started may keep its execution context (and this scope) alive, e.g. a pooled connection's
        // reader: it then holds an empty table, not the load's ids.
        _ids.Clear();
    }
}
