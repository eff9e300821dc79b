using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

/// <summary>A Defender assessment (recommendation result) for one resource; <see cref="Name"/> is the assessment key GUID.</summary>
public sealed record Assessment
{
    public const string JitKey = "805651bc-6ecd-4c73-9b55-97a19d0582d0";
    public const string ManagementPortsClosedKey = "bc303248-3d14-44c2-96a0-55f5c326b5fe";

    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public AssessmentProperties Properties { get; init; } = new();
}

public sealed record AssessmentProperties
{
    [JsonPropertyName("resourceDetails")] public AssessmentResourceDetails? ResourceDetails { get; init; }
    [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
    [JsonPropertyName("status")] public AssessmentStatus? Status { get; init; }
    [JsonPropertyName("additionalData")] public IReadOnlyDictionary<string, string>? AdditionalData { get; init; }
    [JsonPropertyName("links")] public AssessmentLinks? Links { get; init; }
}

public sealed record AssessmentResourceDetails
{
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
}

public sealed record AssessmentStatus
{
    /// <summary><c>Healthy|Unhealthy|NotApplicable</c>.</summary>
    [JsonPropertyName("code")] public string? Code { get; init; }
    [JsonPropertyName("cause")] public string? Cause { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

public sealed record AssessmentLinks
{
    [JsonPropertyName("azurePortalUri")] public string? AzurePortalUri { get; init; }
}

public sealed record SecureScore
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public SecureScoreProperties Properties { get; init; } = new();
}

public sealed record SecureScoreProperties
{
    [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
    [JsonPropertyName("score")] public ScoreDetails Score { get; init; } = new();
    [JsonPropertyName("weight")] public long Weight { get; init; }
}

public sealed record ScoreDetails
{
    [JsonPropertyName("max")] public int Max { get; init; }
    [JsonPropertyName("current")] public double Current { get; init; }
    /// <summary>0..1, rounded to 4 decimals.</summary>
    [JsonPropertyName("percentage")] public double Percentage { get; init; }
}

/// <summary>A control of the secure score. Its maximum is <c>score.max</c>; <c>maxScore</c> exists only in the definition.</summary>
public sealed record SecureScoreControl
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public SecureScoreControlProperties Properties { get; init; } = new();
}

public sealed record SecureScoreControlProperties
{
    [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
    [JsonPropertyName("healthyResourceCount")] public int HealthyResourceCount { get; init; }
    [JsonPropertyName("unhealthyResourceCount")] public int UnhealthyResourceCount { get; init; }
    [JsonPropertyName("notApplicableResourceCount")] public int NotApplicableResourceCount { get; init; }
    [JsonPropertyName("score")] public ScoreDetails Score { get; init; } = new();
    [JsonPropertyName("weight")] public long Weight { get; init; }
    /// <summary>Present with <c>$expand=definition</c>.</summary>
    [JsonPropertyName("definition")] public SecureScoreControlDefinition? Definition { get; init; }
}

public sealed record SecureScoreControlDefinition
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("properties")] public SecureScoreControlDefinitionProperties Properties { get; init; } = new();
}

public sealed record SecureScoreControlDefinitionProperties
{
    [JsonPropertyName("source")] public SecureScoreControlDefinitionSource? Source { get; init; }
    [JsonPropertyName("displayName")] public string? DisplayName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("maxScore")] public int MaxScore { get; init; }
    /// <summary>Ids like <c>/providers/Microsoft.Security/assessmentMetadata/&lt;assessmentKey&gt;</c>.</summary>
    [JsonPropertyName("assessmentDefinitions")] public IReadOnlyList<ResourceReference> AssessmentDefinitions { get; init; } = [];
}

public sealed record SecureScoreControlDefinitionSource
{
    [JsonPropertyName("sourceType")] public string? SourceType { get; init; }
}
