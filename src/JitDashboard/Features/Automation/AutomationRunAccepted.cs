using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

public sealed record AutomationRunAccepted([property: JsonPropertyName("runId")] Guid RunId, [property: JsonPropertyName("status")] AutomationRunStatus Status);
