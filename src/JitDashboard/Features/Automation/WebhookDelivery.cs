using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace JitDashboard.Features.Automation;

/// <summary>
/// Which delivery an inbound webhook body is, for <see cref="Platform.Work.DeliveryClaims"/>: an Event Grid array by its
/// events' ids (a retry carries the same ids), anything else (a Defender assessment) by its bytes.
/// </summary>
public static class WebhookDelivery
{
    public static string Key(JsonElement body)
    {
        string identity;
        if (body.ValueKind == JsonValueKind.Array && body.GetArrayLength() > 0 && body.EnumerateArray().All(HasId))
            identity = "eg\n" + string.Join('\n', body.EnumerateArray().Select(e => e.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        else
            identity = "body\n" + body.GetRawText();
        return "automation-webhook:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    private static bool HasId(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.Length > 0;
}
