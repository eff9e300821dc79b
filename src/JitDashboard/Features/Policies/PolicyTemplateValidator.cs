using System.Xml;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Policies;

/// <summary>Template validation: every problem, listed per field.</summary>
public static class PolicyTemplateValidator
{
    public const int NameMaxLength = 100;
    public static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);
    private static readonly string[] Protocols = ["TCP", "UDP", "*"];
    private static readonly string[] OsTypes = ["Linux", "Windows"];

    public static IReadOnlyDictionary<string, string[]> Validate(PolicyTemplateInput input)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(input.Name)) Add("name", "A name is required.");
        else if (input.Name.Length > NameMaxLength) Add("name", $"The name must be at most {NameMaxLength} characters.");

        if (input.Ports is null || input.Ports.Count == 0)
        {
            Add("ports", "At least one port is required.");
        }
        else
        {
            for (var i = 0; i < input.Ports.Count; i++)
            {
                var port = input.Ports[i];
                var field = $"ports[{i}]";
                if (port.Number is < 1 or > 65535) Add($"{field}.number", $"Port {port.Number} is outside 1..65535.");
                if (!Protocols.Contains(port.Protocol, StringComparer.Ordinal)) Add($"{field}.protocol", $"Protocol '{port.Protocol}' must be TCP, UDP or *.");
                if (port.OsType is { Length: > 0 } os && !OsTypes.Contains(os, StringComparer.OrdinalIgnoreCase)) Add($"{field}.osType", $"OS '{os}' must be Linux or Windows (or empty for all).");
                if (port.AllowedSources is null || port.AllowedSources.Count == 0)
                {
                    Add($"{field}.allowedSources", "At least one allowed source is required ('*' for any).");
                }
                else
                {
                    foreach (var source in port.AllowedSources)
                    {
                        if (source == "*")
                        {
                            if (port.AllowedSources.Count > 1) Add($"{field}.allowedSources", "'*' cannot be combined with other sources.");
                        }
                        else if (!AddressPrefix.TryParseNetwork(source ?? "", out _) || !IsWellFormedPrefix(source!))
                        {
                            Add($"{field}.allowedSources", $"'{source}' is not '*', an IP address or a CIDR prefix.");
                        }
                    }
                }
                if (!TryParseDuration(port.MaxRequestAccessDuration, out var duration))
                    Add($"{field}.maxRequestAccessDuration", $"'{port.MaxRequestAccessDuration}' is not an ISO 8601 duration such as PT3H.");
                else if (duration < MinDuration || duration > MaxDuration)
                    Add($"{field}.maxRequestAccessDuration", $"'{port.MaxRequestAccessDuration}' must be between PT5M and PT24H.");
            }

            // Same port twice for the same OS would give ARM two rules for one port.
            foreach (var duplicate in input.Ports.GroupBy(p => (p.Number, Os: (p.OsType ?? "").ToUpperInvariant())).Where(g => g.Count() > 1))
                Add("ports", $"Port {duplicate.Key.Number} is listed more than once{(duplicate.Key.Os.Length > 0 ? $" for {duplicate.Key.Os}" : "")}.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>ISO 8601 duration (PT3H, PT30M, P1D); <see cref="XmlConvert"/> implements the grammar.</summary>
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !text.StartsWith('P')) return false;
        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    // IPAddress.TryParse also takes shorthand like "10.1" (10.0.0.1): ARM wants dotted quads or IPv6.
    private static bool IsWellFormedPrefix(string source)
    {
        var address = source.Split('/')[0];
        return source.Trim() == source && (address.Contains(':', StringComparison.Ordinal) || address.Count(c => c == '.') == 3);
    }
}
