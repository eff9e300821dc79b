using JitDashboard.Platform.Identity;
using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Policies;

public sealed record UndoRuleChangesResponse(
    [property: JsonPropertyName("operationId")] Guid OperationId,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("ruleChanges")] IReadOnlyList<JitRuleChangeView> RuleChanges);
