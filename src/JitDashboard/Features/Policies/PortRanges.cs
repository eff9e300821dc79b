using System.Globalization;

namespace JitDashboard.Features.Policies;

/// <summary>NSG destination port ranges ("*", "22", "3380-3390") as numbers, and taking ports out of them.</summary>
public static class PortRanges
{
    public const int MaxPort = 65535;

    /// <summary>Parses ARM's ranges into sorted, merged (low, high) pairs; "*" is 0-65535. Throws on bad text.</summary>
    public static List<(int Low, int High)> Parse(IEnumerable<string> ranges)
    {
        var parsed = new List<(int Low, int High)>();
        foreach (var raw in ranges)
        {
            var text = raw.Trim();
            if (text == "*")
            {
                parsed.Add((0, MaxPort));
                continue;
            }
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            var low = int.Parse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture);
            var high = dash < 0 ? low : int.Parse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
            if (low > high || high > MaxPort) throw new FormatException($"Invalid port range '{raw}'.");
            parsed.Add((low, high));
        }
        var merged = new List<(int Low, int High)>();
        foreach (var r in parsed.OrderBy(r => r.Low))
        {
            if (merged.Count > 0 && r.Low <= merged[^1].High + 1)
                merged[^1] = (merged[^1].Low, Math.Max(merged[^1].High, r.High));
            else
                merged.Add(r);
        }
        return merged;
    }

    public static bool Covers(IEnumerable<string> ranges, int port) => Parse(ranges).Any(r => r.Low <= port && port <= r.High);

    /// <summary>The ranges without <paramref name="ports"/>, in ARM's text form ("20-21", "23-25"); empty when nothing is left.</summary>
    public static IReadOnlyList<string> Subtract(IEnumerable<string> ranges, IEnumerable<int> ports)
    {
        var remove = ports.Distinct().Order().ToList();
        var result = new List<string>();
        foreach (var (low, high) in Parse(ranges))
        {
            var start = low;
            foreach (var port in remove.Where(p => p >= low && p <= high))
            {
                if (port > start) result.Add(Format(start, port - 1));
                start = port + 1;
            }
            if (start <= high) result.Add(Format(start, high));
        }
        return result;
    }

    private static string Format(int low, int high) =>
        low == 0 && high == MaxPort ? "*"
        : low == high ? low.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{low}-{high}");
}
