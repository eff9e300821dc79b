using System.Text.Json.Serialization;

namespace JitDashboard.Features.Policies;

/// <summary>Body of <c>POST /api/v1/operations/{id}/undo-rule-changes</c>.</summary>
public sealed record UndoRuleChangesRequest([property: JsonPropertyName("dryRun")] bool? DryRun);
