using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

public sealed record JitOperationAccepted([property: JsonPropertyName("operationId")] Guid OperationId);
