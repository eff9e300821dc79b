using JitDashboard.Platform.Estate;
using System.Globalization;
using System.Text;
using JitDashboard.Platform.Estate.Exposure;

namespace JitDashboard.Features.Machines;

/// <summary>The Machines list as RFC 4180 CSV (CRLF line ends, quoted where needed), safe to open in a spreadsheet.</summary>
public static class MachinesCsv
{
    public const string MimeType = "text/csv";

    /// <summary>A file name that sorts by time: <c>jitdashboard-machines-20261123T201500Z.csv</c>.</summary>
    public static string FileName(DateTimeOffset now) => $"jitdashboard-machines-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.csv";

    /// <summary>
    /// Writes a header and one line per machine. The port columns are the management ports the machines were
    /// evaluated on (the default four when none was), so the header is stable for one configuration.
    /// </summary>
    public static string Write(IEnumerable<EstateMachine> machines)
    {
        var list = machines as IReadOnlyCollection<EstateMachine> ?? machines.ToList();
        var ports = list.SelectMany(m => m.Facts.Ports).Select(p => p.Port).Distinct().Order().ToList();
        if (ports.Count == 0)
            ports = [.. ExposureEvaluator.DefaultManagementPorts];

        var sb = new StringBuilder();
        WriteLine(sb, ["name", "subscription", "resourceGroup", "location", "osType", "powerState", "publicIps", "privateIps",
            .. ports.Select(p => p.ToString(CultureInfo.InvariantCulture)),
            "exposed", "jitStatus", "unsupportedReason", "jitRecommendation", "managementPortsRecommendation", "secureScoreImpact", "id"]);
        foreach (var m in list)
        {
            var f = m.Facts;
            WriteLine(sb, [m.Name, m.SubscriptionName, m.ResourceGroup, m.Location, m.OsType, m.PowerState,
                string.Join(' ', f.PublicIpAddresses), string.Join(' ', f.PrivateIpAddresses),
                .. ports.Select(p => PortCell(f.Ports.FirstOrDefault(d => d.Port == p))),
                f.Exposed ? "true" : "false", f.JitStatus.ToString(), f.UnsupportedReason ?? "",
                f.JitRecommendation.ToString(), f.ManagementPortsRecommendation.ToString(),
                f.SecureScoreImpact?.ToString("0.##", CultureInfo.InvariantCulture) ?? "Unknown", m.Id]);
        }
        return sb.ToString();
    }

    /// <summary>Open, Closed, or Restricted with its prefixes: <c>Restricted(203.0.113.0/24 198.51.100.7)</c>.</summary>
    public static string PortCell(PortDecision? decision) => decision switch
    {
        null => "",
        { Exposure: PortExposure.Restricted } d => $"Restricted({string.Join(' ', d.Sources)})",
        { } d => d.Exposure.ToString(),
    };

    /// <summary>One field, quoted when it holds a comma, quote or line break, and defused when a spreadsheet would run it as a formula.</summary>
    public static string Escape(string value)
    {
        // OWASP's CSV-injection advice: a leading ' makes Excel and LibreOffice treat the cell as text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void WriteLine(StringBuilder sb, IEnumerable<string> fields)
    {
        sb.AppendJoin(',', fields.Select(Escape));
        sb.Append("\r\n");
    }
}
