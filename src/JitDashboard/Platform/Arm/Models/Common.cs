using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

/// <summary>A <c>{ "id": ... }</c> reference to another resource.</summary>
public sealed record ResourceReference
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
}

/// <summary>One page of an ARM list: <c>{ "value": [...], "nextLink"? }</c>.</summary>
public sealed record ArmPage<T>
{
    [JsonPropertyName("value")] public IReadOnlyList<T> Value { get; init; } = [];
    [JsonPropertyName("nextLink")] public string? NextLink { get; init; }
}

/// <summary>ARM's error body: <c>{ "error": { "code", "message", "target", "details" } }</c>.</summary>
public sealed record ArmErrorResponse
{
    [JsonPropertyName("error")] public ArmError? Error { get; init; }
}

public sealed record ArmError
{
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("target")] public string? Target { get; init; }
    [JsonPropertyName("details")] public IReadOnlyList<ArmError>? Details { get; init; }
}
