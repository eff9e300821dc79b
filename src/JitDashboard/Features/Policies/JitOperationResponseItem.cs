using JitDashboard.Platform.Identity;
using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthPolicies = JitDashboard.Platform.Identity.AppPolicies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JitDashboard.Features.Policies;

public sealed record JitOperationResponseItem(
    [property: JsonPropertyName("machineId")] string MachineId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
