using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

public sealed record JitOperationResponseItem(
    [property: JsonPropertyName("machineId")] string MachineId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
