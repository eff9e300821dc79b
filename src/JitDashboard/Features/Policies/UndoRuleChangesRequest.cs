using JitDashboard.Platform.Identity;
using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Policies;

/// <summary>Body of <c>POST /api/v1/operations/{id}/undo-rule-changes</c>.</summary>
public sealed record UndoRuleChangesRequest([property: JsonPropertyName("dryRun")] bool? DryRun);
