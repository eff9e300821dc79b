using System.Text.Json.Serialization;

namespace JitDashboard.Features.Access;

/// <summary>Body of <c>POST /api/v1/access-requests</c>.</summary>
public sealed record AccessRequestBody(
    [property: JsonPropertyName("machineId")] string? MachineId,
    [property: JsonPropertyName("ports")] IReadOnlyList<int>? Ports,
    [property: JsonPropertyName("duration")] string? Duration,
    [property: JsonPropertyName("sourceAddressPrefix")] string? SourceAddressPrefix,
    [property: JsonPropertyName("justification")] string? Justification,
    [property: JsonPropertyName("ticket")] string? Ticket,
    [property: JsonPropertyName("startTime")] DateTimeOffset? StartTime);
