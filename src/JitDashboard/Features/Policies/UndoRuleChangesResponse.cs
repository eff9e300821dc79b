using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

public sealed record UndoRuleChangesResponse(
    [property: JsonPropertyName("operationId")] Guid OperationId,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("ruleChanges")] IReadOnlyList<JitRuleChangeView> RuleChanges);
