using System.Text.Json.Serialization;
using System.Xml;

namespace JitDashboard.Features.Access;

/// <summary>Who acts: the sign-in name (as audited) and the app roles held.</summary>
public sealed record AccessActor(string Name, IReadOnlyList<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public bool CanApprove => Has(Platform.Identity.Roles.Approver) || Has(Platform.Identity.Roles.Admin);

    public bool CanRequest => Has(Platform.Identity.Roles.Operator) || Has(Platform.Identity.Roles.Admin);
}

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

public sealed record AccessCreateResult(AccessRequestView? Request, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Request is not null;
}

public enum AccessActionOutcome
{
    Done,
    NotFound,

    /// <summary>Not allowed for this person (own request, someone else's request).</summary>
    Forbidden,

    /// <summary>The request is no longer in a state where the action applies (already decided, ended...).</summary>
    Conflict,

    Invalid,
}

public sealed record AccessActionResult(AccessActionOutcome Outcome, AccessRequestView? Request, string? Message = null)
{
    public static AccessActionResult NotFound(Guid id) => new(AccessActionOutcome.NotFound, null, $"No access request '{id}'.");
}

/// <summary>Input of an auto-approval rule (Admin).</summary>
public sealed record AutoApprovalRuleInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("requesterRole")] string? RequesterRole,
    [property: JsonPropertyName("resourceGroup")] string? ResourceGroup,
    [property: JsonPropertyName("tag")] string? Tag,
    [property: JsonPropertyName("maxDuration")] string? MaxDuration,
    [property: JsonPropertyName("enabled")] bool? Enabled);
