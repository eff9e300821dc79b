using System.Text.Json;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Automation;

/// <summary>
/// Reads the bodies Defender's workflow automation and Event Grid send. Defender (the "recommendation" trigger's
/// assessment object): <c>id</c>, <c>name</c> = assessment key, <c>properties.resourceDetails.id</c>,
/// <c>properties.status.code</c>; only the JIT key 805651bc-6ecd-4c73-9b55-97a19d0582d0 Unhealthy counts (never the
/// display name). Event Grid: an array of events (Event Grid or CloudEvents schema); the
/// <c>Microsoft.EventGrid.SubscriptionValidationEvent</c> handshake's <c>data.validationCode</c>, else each event's
/// <c>data.resourceUri</c> or <c>subject</c>. Pure.
/// </summary>
public static class WebhookPayloadReader
{
    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public static WebhookPayload Read(JsonElement body)
    {
        var ids = new List<string>();
        var ignored = new List<string>();
        switch (body.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in body.EnumerateArray())
                {
                    if (ReadItem(item, ids, ignored) is { } code) return new WebhookPayload(code, [], [], null);
                }
                break;
            case JsonValueKind.Object:
                // Defender can send one assessment, or a batch under "value".
                if (body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                    return Read(value);
                if (ReadItem(body, ids, ignored) is { } validation) return new WebhookPayload(validation, [], [], null);
                break;
            default:
                return new WebhookPayload(null, [], [], "The body must be a JSON object (a Defender assessment) or an array (Event Grid events).");
        }
        return new WebhookPayload(null, ids.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), ignored, null);
    }

    /// <summary>Adds what one item names; returns the validation code when it is the Event Grid handshake.</summary>
    private static string? ReadItem(JsonElement item, List<string> ids, List<string> ignored)
    {
        if (item.ValueKind != JsonValueKind.Object) { ignored.Add("An item that is not an object."); return null; }
        var eventType = Text(item, "eventType") ?? Text(item, "type");
        if (string.Equals(eventType, ValidationEventType, StringComparison.OrdinalIgnoreCase))
            return item.TryGetProperty("data", out var d) ? Text(d, "validationCode") ?? "" : "";

        if (IsAssessment(item))
        {
            ReadAssessment(item, ids, ignored);
            return null;
        }
        if (item.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            // Defender's continuous export through Event Grid carries the assessment as the event's data.
            if (IsAssessment(data))
            {
                ReadAssessment(data, ids, ignored);
                return null;
            }
            if (Text(data, "resourceUri") is { } uri)
            {
                ids.Add(uri);
                return null;
            }
        }
        if (Text(item, "subject") is { Length: > 0 } subject && subject.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
        {
            ids.Add(subject);
            return null;
        }
        ignored.Add($"An event of type '{eventType ?? "unknown"}' names no resource.");
        return null;
    }

    private static bool IsAssessment(JsonElement e) =>
        e.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
        && (p.TryGetProperty("status", out _) || p.TryGetProperty("resourceDetails", out _));

    private static void ReadAssessment(JsonElement e, List<string> ids, List<string> ignored)
    {
        var properties = e.GetProperty("properties");
        var id = Text(e, "id");
        // The key is the assessment's name, else the last segment of its id; never the display name.
        var key = Text(e, "name") ?? id?.TrimEnd('/').Split('/')[^1];
        if (!string.Equals(key, Assessment.JitKey, StringComparison.OrdinalIgnoreCase))
        {
            ignored.Add($"Assessment '{key}' is not the JIT recommendation {Assessment.JitKey}.");
            return;
        }
        var code = properties.TryGetProperty("status", out var status) ? Text(status, "code") : null;
        if (!string.Equals(code, "Unhealthy", StringComparison.OrdinalIgnoreCase))
        {
            ignored.Add($"Assessment status '{code}' is not Unhealthy.");
            return;
        }
        var resource = properties.TryGetProperty("resourceDetails", out var details) ? Text(details, "id") ?? Text(details, "Id") : null;
        resource ??= id is not null && id.Contains("/providers/Microsoft.Security/assessments/", StringComparison.OrdinalIgnoreCase)
            ? id[..id.IndexOf("/providers/Microsoft.Security/assessments/", StringComparison.OrdinalIgnoreCase)]
            : null;
        if (resource is null) ignored.Add("An assessment without resourceDetails.id.");
        else ids.Add(resource);
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>
    /// The estate's VMs a resource id concerns: the VM itself or anything under it; a NIC; an NSG (or one of its
    /// rules) on the VM's NIC or subnet; a public IP. Compared by subscription and name where the facts hold names only.
    /// </summary>
    public static IReadOnlySet<string> MachinesFor(IEnumerable<string> resourceIds, IReadOnlyList<Platform.Estate.EstateMachine> machines)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in resourceIds)
        {
            var id = raw.Trim();
            var parts = id.Trim('/').Split('/');
            if (parts.Length < 8 || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) continue;
            var subscription = parts[1];
            var provider = parts[5];
            var type = parts[6];
            var name = parts[7];
            foreach (var m in machines.Where(m => m.SubscriptionId.Equals(subscription, StringComparison.OrdinalIgnoreCase)))
            {
                var hit = type.ToLowerInvariant() switch
                {
                    "virtualmachines" => provider.EndsWith("Compute", StringComparison.OrdinalIgnoreCase) && m.ResourceGroup.Equals(parts[3], StringComparison.OrdinalIgnoreCase) && m.Name.Equals(name, StringComparison.OrdinalIgnoreCase),
                    "networkinterfaces" => m.Vm.NicIds.Any(n => n.Equals("/" + string.Join('/', parts.Take(8)), StringComparison.OrdinalIgnoreCase)),
                    "networksecuritygroups" => m.Facts.Nics.Any(n => name.Equals(n.NicNsg, StringComparison.OrdinalIgnoreCase) || name.Equals(n.SubnetNsg, StringComparison.OrdinalIgnoreCase)),
                    "publicipaddresses" => m.Facts.Nics.Any(n => n.PublicIpAddress is not null) && m.ResourceGroup.Equals(parts[3], StringComparison.OrdinalIgnoreCase),
                    _ => false,
                };
                if (hit) result.Add(m.Id.ToLowerInvariant());
            }
        }
        return result;
    }
}
