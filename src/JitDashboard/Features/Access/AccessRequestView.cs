using System.Text.Json.Serialization;
using System.Xml;

namespace JitDashboard.Features.Access;

/// <summary>A request as the API and the UI show it. Text fields are plain text (never rendered as markup).</summary>
public sealed record AccessRequestView(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("status")] AccessRequestStatus Status,
    [property: JsonPropertyName("machineId")] string MachineId,
    [property: JsonPropertyName("machineName")] string MachineName,
    [property: JsonPropertyName("ports")] IReadOnlyList<int> Ports,
    [property: JsonPropertyName("duration")] string Duration,
    [property: JsonPropertyName("sourceAddressPrefix")] string SourceAddressPrefix,
    [property: JsonPropertyName("justification")] string Justification,
    [property: JsonPropertyName("ticket")] string? Ticket,
    [property: JsonPropertyName("startTime")] DateTimeOffset? StartTime,
    [property: JsonPropertyName("requestedBy")] string RequestedBy,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("decidedBy")] string? DecidedBy,
    [property: JsonPropertyName("decidedAt")] DateTimeOffset? DecidedAt,
    [property: JsonPropertyName("decisionComment")] string? DecisionComment,
    [property: JsonPropertyName("autoApproved")] bool AutoApproved,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("endedAt")] DateTimeOffset? EndedAt,
    [property: JsonPropertyName("closedBy")] string? ClosedBy,
    [property: JsonPropertyName("error")] string? Error)
{
    [JsonIgnore] public TimeSpan DurationSpan => XmlConvert.ToTimeSpan(Duration);

    public static AccessRequestView From(AccessRequest r) => new(
        r.Id, r.Status, r.MachineId, r.MachineName, [.. r.Ports], XmlConvert.ToString(r.Duration), r.SourceAddressPrefix,
        r.Justification, r.Ticket, r.ScheduledStart, r.RequestedBy, r.CreatedAt, r.DecidedBy, r.DecidedAt, r.DecisionComment,
        r.AutoApproved, r.StartedAt, r.EndsAt, r.EndedAt, r.ClosedBy, r.Error);
}
