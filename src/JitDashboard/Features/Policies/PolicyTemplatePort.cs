using System.Text.Json.Serialization;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.Features.Policies;

/// <summary>One port of a template, optionally limited to one OS (<c>Linux</c> or <c>Windows</c>).</summary>
public sealed record PolicyTemplatePort
{
    [JsonPropertyName("number")] public int Number { get; init; }

    /// <summary><c>TCP</c>, <c>UDP</c> or <c>*</c>.</summary>
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "*";

    /// <summary><c>*</c>, or one or more IPv4/IPv6 addresses or CIDR prefixes.</summary>
    [JsonPropertyName("allowedSources")] public List<string> AllowedSources { get; init; } = ["*"];

    /// <summary>ISO 8601 duration between PT5M and PT24H.</summary>
    [JsonPropertyName("maxRequestAccessDuration")] public string MaxRequestAccessDuration { get; init; } = "PT3H";

    /// <summary>Null for every OS; otherwise only VMs of this OS get the port.</summary>
    [JsonPropertyName("osType")] public string? OsType { get; init; }

    /// <summary>ARM's shape: a single source goes in the singular field, several in the plural one (they are exclusive).</summary>
    public JitPortRule ToRule() => new()
    {
        Number = Number,
        Protocol = Protocol,
        AllowedSourceAddressPrefix = AllowedSources.Count == 1 ? AllowedSources[0] : null,
        AllowedSourceAddressPrefixes = AllowedSources.Count > 1 ? AllowedSources : null,
        MaxRequestAccessDuration = MaxRequestAccessDuration,
    };
}
