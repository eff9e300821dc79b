using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace JitDashboard.Platform.Estate.Events;

/// <summary>
/// Reads an Event Grid delivery with the Azure SDK: the Event Grid schema (<see cref="EventGridEvent.ParseMany"/>)
/// or CloudEvents 1.0 (<see cref="CloudEvent.ParseMany"/>, a batch or a single event). The resource is
/// <c>data.resourceUri</c> (subscription system topics), <c>data.resourceInfo.id</c> (Azure Resource
/// Notifications), else the subject. Throws <see cref="FormatException"/> on a body that is neither.
/// </summary>
public static class AzureEventReader
{
    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";

    /// <summary>The event types that name a changed resource.</summary>
    public static IReadOnlySet<string> ResourceEventTypes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Resources.ResourceWriteSuccess",
        "Microsoft.Resources.ResourceDeleteSuccess",
        "Microsoft.Resources.ResourceActionSuccess",
        "Microsoft.ResourceNotifications.Resources.CreatedOrUpdated",
        "Microsoft.ResourceNotifications.Resources.Deleted",
    };

    public static AzureDelivery Read(BinaryData body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return IsCloudEvents(body, contentType) ? ReadCloudEvents(body) : ReadEventGrid(body);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not an Event Grid or CloudEvents 1.0 delivery: {e.Message}", e);
        }
    }

    private static AzureDelivery ReadEventGrid(BinaryData body)
    {
        var events = new List<AzureEvent>();
        foreach (var e in EventGridEvent.ParseMany(body))
        {
            var data = Data(e.Data);
            if (string.Equals(e.EventType, ValidationEventType, StringComparison.OrdinalIgnoreCase))
                return new AzureDelivery(Text(data, "validationCode") ?? throw new FormatException("The validation event has no data.validationCode."), []);
            events.Add(new AzureEvent(e.Id, e.EventType, ResourceOf(data, e.Subject)));
        }
        return new AzureDelivery(null, events);
    }

    private static AzureDelivery ReadCloudEvents(BinaryData body)
    {
        var events = new List<AzureEvent>();
        // A single structured event (application/cloudevents+json) or a batch (application/cloudevents-batch+json).
        var parsed = body.ToMemory().Span.TrimStart(" \t\r\n"u8) is [(byte)'{', ..] ? [CloudEvent.Parse(body)!] : CloudEvent.ParseMany(body);
        foreach (var e in parsed)
        {
            var data = e.Data is { } d ? Data(d) : default;
            if (string.Equals(e.Type, ValidationEventType, StringComparison.OrdinalIgnoreCase))
                return new AzureDelivery(Text(data, "validationCode") ?? throw new FormatException("The validation event has no data.validationCode."), []);
            events.Add(new AzureEvent(e.Id, e.Type, ResourceOf(data, e.Subject)));
        }
        return new AzureDelivery(null, events);
    }

    private static bool IsCloudEvents(BinaryData body, string? contentType)
    {
        if (contentType?.Contains("cloudevents", StringComparison.OrdinalIgnoreCase) == true) return true;
        using var document = JsonDocument.Parse(body);
        var first = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().FirstOrDefault()
            : document.RootElement;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

    private static JsonElement Data(BinaryData data)
    {
        if (data.ToMemory().IsEmpty) return default;
        using var document = JsonDocument.Parse(data);
        return document.RootElement.Clone();
    }

    private static string? ResourceOf(JsonElement data, string? subject) =>
        Text(data, "resourceUri")
        ?? (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("resourceInfo", out var info) ? Text(info, "id") : null)
        ?? (subject is { Length: > 0 } && subject.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? subject : null);

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
