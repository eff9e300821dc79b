using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

public sealed record WebhookAccepted(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string> MachineIds,
    [property: JsonPropertyName("runIds")] IReadOnlyList<Guid> RunIds,
    [property: JsonPropertyName("ignored")] IReadOnlyList<string> Ignored);
