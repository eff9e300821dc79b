using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace JitDashboard.Features.Machines;

/// <summary>
/// The machine list's opaque <c>$skipToken</c>: where the previous page ended, as the id of its last machine. Pages
/// follow the machines' id order, so a refresh between two pages neither repeats nor skips a machine that is in both
/// snapshots (an offset would shift when a machine before it comes or goes).
/// </summary>
internal static class MachineSkipToken
{
    // Versioned, so the format may change without old tokens being misread.
    private const string Prefix = "m1:";

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastId));

    /// <summary>False for anything this API did not hand out (bad base64, another version, not a resource id).</summary>
    public static bool TryDecode(string token, [NotNullWhen(true)] out string? lastId)
    {
        lastId = null;
        if (token.Length is 0 or > 2048)
            return false;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var id = text[Prefix.Length..];
        if (!id.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) || id.Any(char.IsControl))
            return false;
        lastId = id;
        return true;
    }
}
