namespace JitDashboard.Features.Machines;

/// <summary>One page of the machine list: its items, and the last one's id when more follow.</summary>
internal sealed record MachinePage(List<MachineItem> Items, string? ContinueAfter)
{
    /// <summary>The machines' order in every answer of the list: by id, ignoring case (ARM ids are case-insensitive).</summary>
    public static readonly StringComparer Order = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// Up to <paramref name="size"/> items of <paramref name="sorted"/> (in <see cref="Order"/>) that pass
    /// <paramref name="filter"/>, starting after the id <paramref name="after"/> (binary search, so a page costs its own
    /// size, not the estate's) and then skipping <paramref name="offset"/> matches (the older offset paging).
    /// </summary>
    public static MachinePage Take(MachineItem[] sorted, Func<MachineItem, bool> filter, string? after, int offset, int size)
    {
        var start = 0;
        if (after is not null)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (Order.Compare(sorted[mid].Id, after) <= 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            start = lo;
        }
        var items = new List<MachineItem>(Math.Min(size, 1024));
        var skipped = 0;
        for (var i = start; i < sorted.Length; i++)
        {
            var item = sorted[i];
            if (!filter(item))
                continue;
            if (skipped < offset)
            {
                skipped++;
                continue;
            }
            if (items.Count == size)
                return new MachinePage(items, items[^1].Id);
            items.Add(item);
        }
        return new MachinePage(items, null);
    }
}
