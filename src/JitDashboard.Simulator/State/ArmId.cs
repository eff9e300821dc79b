namespace JitDashboard.Simulator.State;

/// <summary>The parts of an ARM resource id that the simulator indexes on.</summary>
public sealed record ArmId(string Subscription, string? ResourceGroup, string Type, string Name)
{
    /// <summary>Parses <c>/subscriptions/s/resourceGroups/rg/providers/Ns/type1/name1[/type2/name2...]</c>.</summary>
    public static ArmId? TryParse(string? id)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            return null;
        string? rg = null;
        var i = 2;
        if (parts.Length >= 4 && parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase))
        {
            rg = parts[3];
            i = 4;
        }
        if (parts.Length < i + 4 || !parts[i].Equals("providers", StringComparison.OrdinalIgnoreCase))
            return null;
        var ns = parts[i + 1];
        var rest = parts[(i + 2)..];
        if (rest.Length % 2 != 0)
            return null;
        var types = new List<string>();
        for (var k = 0; k < rest.Length; k += 2)
            types.Add(rest[k]);
        return new ArmId(parts[1], rg, ns + "/" + string.Join('/', types), rest[^1]);
    }

    /// <summary>Dictionary key for an id: ARM ids are case-insensitive.</summary>
    public static string Key(string id) => id.TrimEnd('/').ToLowerInvariant();
}
