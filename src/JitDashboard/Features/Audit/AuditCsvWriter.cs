using JitDashboard.Platform.Audit;
using System.Globalization;
using System.Text;

namespace JitDashboard.Features.Audit;

/// <summary>
/// Writes audit events as RFC 4180 CSV (comma, CRLF, quotes doubled) that is safe to open in a spreadsheet.
/// </summary>
/// <remarks>
/// Hand-written rather than CsvHelper: a dozen lines whose every rule is tested. Cells that a spreadsheet
/// would run as a formula (first non-blank character = + - @, or a leading tab / carriage return) get a
/// leading apostrophe (OWASP "CSV injection"). Write with UTF-8 (a BOM helps Excel).
/// </remarks>
public static class AuditCsvWriter
{
    public static IReadOnlyList<string> Header { get; } =
        ["Id", "OccurredAt", "Actor", "ActorKind", "Action", "Target", "Outcome", "Details", "PreviousHash", "Hash"];

    public static async Task WriteAsync(IAsyncEnumerable<AuditEvent> events, TextWriter writer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(writer);

        await writer.WriteAsync(FormatRow(Header).AsMemory(), ct);
        await foreach (var e in events.WithCancellation(ct))
        {
            await writer.WriteAsync(FormatRow(ToCells(e)).AsMemory(), ct);
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>One record with its CRLF terminator.</summary>
    public static string FormatRow(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(EscapeCell(cells[i]));
        }

        return sb.Append("\r\n").ToString();
    }

    /// <summary>One cell: formula-neutralised, then quoted when it holds a comma, quote or line break.</summary>
    public static string EscapeCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (IsFormulaLike(value))
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static bool IsFormulaLike(string value)
    {
        if (value[0] is '\t' or '\r')
        {
            return true;
        }

        // Spreadsheets skip leading spaces before deciding a cell is a formula.
        var first = value.AsSpan().TrimStart(' ');
        return !first.IsEmpty && first[0] is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
    }

    private static string[] ToCells(AuditEvent e) =>
    [
        e.Id.ToString(CultureInfo.InvariantCulture),
        AuditHash.FormatTimestamp(e.OccurredAt),
        e.Actor,
        e.ActorKind.ToString(),
        e.Action,
        e.Target,
        e.Outcome.ToString(),
        e.Details,
        e.PreviousHash,
        e.Hash,
    ];
}
