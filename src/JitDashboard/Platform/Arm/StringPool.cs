namespace JitDashboard.Platform.Arm;

/// <summary>
/// One instance per distinct string read from ARM, within a bound. Ids, names, locations and ARM's enum-like values repeat
/// across thousands of resources (every NIC names its subnet and NSG, every NSG carries the same six default rules,
/// every assessment the same display name), and a 100,000-VM estate otherwise holds each repeat as its own copy.
/// Direct-mapped: a slot keeps the last string that hashed to it, so the pool never holds more than its slot count, a
/// miss costs only the allocation it would have cost anyway, and a race between threads at worst makes one more copy.
/// </summary>
public sealed class StringPool
{
    /// <summary>Longer strings are rare and seldom repeated: not pooled.</summary>
    public const int MaxLength = 512;

    private readonly string?[] _slots;
    private readonly int _mask;

    /// <param name="slots">A power of two: the most strings the pool keeps alive.</param>
    public StringPool(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "The slot count must be a power of two.");
        _slots = new string?[slots];
        _mask = slots - 1;
    }

    /// <summary>The pool the ARM clients read through: 128k slots (1 MB of references).</summary>
    public static StringPool Shared { get; } = new(1 << 17);

    public int Capacity => _slots.Length;

    /// <summary>The pooled instance equal to <paramref name="value"/> (which it becomes when none is pooled yet).</summary>
    public string? Get(string? value)
    {
        if (value is null || value.Length == 0 || value.Length > MaxLength)
            return value?.Length == 0 ? string.Empty : value;
        if (IdScope.Current is { } scope && IdScope.IsId(value))
            return scope.Get(value);
        var slot = Slot(value);
        var pooled = Volatile.Read(ref _slots[slot]);
        if (pooled is not null && string.Equals(pooled, value, StringComparison.Ordinal))
            return pooled;
        Volatile.Write(ref _slots[slot], value);
        return value;
    }

    /// <summary>The pooled string equal to <paramref name="value"/>, allocating only when none is pooled.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
            return string.Empty;
        if (value.Length > MaxLength)
            return new string(value);
        // Within a subscription's load, ids go to its scope (exact, and dropped with it), not to the shared slots.
        if (IdScope.Current is { } scope && IdScope.IsId(value))
            return scope.Get(value);
        var slot = Slot(value);
        var pooled = Volatile.Read(ref _slots[slot]);
        if (pooled is not null && value.SequenceEqual(pooled))
            return pooled;
        var created = new string(value);
        Volatile.Write(ref _slots[slot], created);
        return created;
    }

    private int Slot(ReadOnlySpan<char> value) => string.GetHashCode(value, StringComparison.Ordinal) & _mask;
}
