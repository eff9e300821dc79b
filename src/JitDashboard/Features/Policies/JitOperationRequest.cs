using JitDashboard.Platform.Identity;
using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Policies;

/// <summary>Body of <c>POST /api/v1/jit/apply</c> and <c>/remove</c>.</summary>
public sealed record JitOperationRequest(
    [property: JsonPropertyName("machineIds")] IReadOnlyList<string>? MachineIds,
    [property: JsonPropertyName("templateId")] Guid? TemplateId,
    [property: JsonPropertyName("dryRun")] bool? DryRun,
    [property: JsonPropertyName("closeBlockingRules")] bool? CloseBlockingRules = null);
