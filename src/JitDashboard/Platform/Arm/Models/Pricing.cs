using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

/// <summary>A Defender plan of a subscription (<c>Microsoft.Security/pricings</c>, 2024-01-01).</summary>
public sealed record Pricing
{
    /// <summary>Defender for Servers: the plan JIT belongs to.</summary>
    public const string VirtualMachines = "VirtualMachines";

    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("properties")] public PricingProperties Properties { get; init; } = new();
}

public sealed record PricingProperties
{
    /// <summary><c>Free</c> or <c>Standard</c>.</summary>
    [JsonPropertyName("pricingTier")] public string? PricingTier { get; init; }

    /// <summary>For VirtualMachines: <c>P1</c> or <c>P2</c>.</summary>
    [JsonPropertyName("subPlan")] public string? SubPlan { get; init; }
}
