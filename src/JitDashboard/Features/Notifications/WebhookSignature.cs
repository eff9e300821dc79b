using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace JitDashboard.Features.Notifications;

/// <summary>
/// Signs a webhook body so receivers can check it came from this dashboard and was not replayed later:
/// <c>X-JitDashboard-Signature: sha256=&lt;lower-case hex of HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>
/// with <c>X-JitDashboard-Timestamp</c> = Unix seconds.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-JitDashboard-Signature";
    public const string TimestampHeader = "X-JitDashboard-Timestamp";
    public const string DeliveryHeader = "X-JitDashboard-Delivery";
    public const string EventHeader = "X-JitDashboard-Event";

    public static string Compute(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, string timestampHeader, string body, string signatureHeader)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signatureHeader ?? "");
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
