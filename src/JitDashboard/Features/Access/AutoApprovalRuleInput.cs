using System.Text.Json.Serialization;

namespace JitDashboard.Features.Access;

/// <summary>Input of an auto-approval rule (Admin).</summary>
public sealed record AutoApprovalRuleInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("requesterRole")] string? RequesterRole,
    [property: JsonPropertyName("resourceGroup")] string? ResourceGroup,
    [property: JsonPropertyName("tag")] string? Tag,
    [property: JsonPropertyName("maxDuration")] string? MaxDuration,
    [property: JsonPropertyName("enabled")] bool? Enabled);
