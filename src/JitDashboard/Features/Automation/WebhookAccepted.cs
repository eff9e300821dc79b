using System.Text.Json.Serialization;

namespace JitDashboard.Features.Automation;

/// <param name="Duplicate">
/// True when an instance (this one or another sharing the database) already took this delivery: nothing was run again.
/// </param>
public sealed record WebhookAccepted(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string> MachineIds,
    [property: JsonPropertyName("runIds")] IReadOnlyList<Guid> RunIds,
    [property: JsonPropertyName("ignored")] IReadOnlyList<string> Ignored,
    [property: JsonPropertyName("duplicate")] bool Duplicate = false);
