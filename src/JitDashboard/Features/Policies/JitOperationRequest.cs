using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

/// <summary>Body of <c>POST /api/v1/jit/apply</c> and <c>/remove</c>.</summary>
public sealed record JitOperationRequest(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string>? MachineIds,
    [property: JsonPropertyName("templateId")] Guid? TemplateId,
    [property: JsonPropertyName("dryRun")] bool? DryRun,
    [property: JsonPropertyName("closeBlockingRules")] bool? CloseBlockingRules = null);
