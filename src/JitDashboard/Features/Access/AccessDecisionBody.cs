using System.Text.Json.Serialization;

namespace JitDashboard.Features.Access;

/// <summary>Body of approve/deny/cancel/close.</summary>
public sealed record AccessDecisionBody([property: JsonPropertyName("comment")] string? Comment);
