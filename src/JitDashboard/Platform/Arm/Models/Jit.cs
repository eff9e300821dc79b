using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

/// <summary><c>Microsoft.Security/locations/jitNetworkAccessPolicies</c>. A PUT replaces the whole VM array: read, merge, write.</summary>
public sealed record JitNetworkAccessPolicy
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("properties")] public JitNetworkAccessPolicyProperties Properties { get; init; } = new();
}

public sealed record JitNetworkAccessPolicyProperties
{
    [JsonPropertyName("virtualMachines")] public IReadOnlyList<JitVirtualMachine> VirtualMachines { get; init; } = [];
    [JsonPropertyName("requests")] public IReadOnlyList<JitRequest>? Requests { get; init; }
    [JsonPropertyName("provisioningState")] public string? ProvisioningState { get; init; }
}

public sealed record JitVirtualMachine
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("ports")] public IReadOnlyList<JitPortRule> Ports { get; init; } = [];
    /// <summary>The Azure Firewall address, when JIT goes through one.</summary>
    [JsonPropertyName("publicIpAddress")] public string? PublicIpAddress { get; init; }
}

/// <summary>A port a policy opens on request. <c>allowedSourceAddressPrefix</c> and <c>...Prefixes</c> are mutually exclusive.</summary>
public sealed record JitPortRule
{
    [JsonPropertyName("number")] public int Number { get; init; }
    /// <summary><c>TCP</c>, <c>UDP</c> or <c>*</c>.</summary>
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "*";
    [JsonPropertyName("allowedSourceAddressPrefix")] public string? AllowedSourceAddressPrefix { get; init; }
    [JsonPropertyName("allowedSourceAddressPrefixes")] public IReadOnlyList<string>? AllowedSourceAddressPrefixes { get; init; }
    /// <summary>ISO 8601 duration such as <c>PT3H</c>.</summary>
    [JsonPropertyName("maxRequestAccessDuration")] public string MaxRequestAccessDuration { get; init; } = "PT3H";
}

/// <summary>A JIT access request (items of <c>requests[]</c>, and the 202 body of initiate).</summary>
public sealed record JitRequest
{
    [JsonPropertyName("virtualMachines")] public IReadOnlyList<JitRequestVirtualMachine> VirtualMachines { get; init; } = [];
    [JsonPropertyName("startTimeUtc")] public DateTimeOffset StartTimeUtc { get; init; }
    /// <summary>May be empty in real responses.</summary>
    [JsonPropertyName("requestor")] public string? Requestor { get; init; }
    [JsonPropertyName("justification")] public string? Justification { get; init; }
}

public sealed record JitRequestVirtualMachine
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("ports")] public IReadOnlyList<JitRequestPort> Ports { get; init; } = [];
}

public sealed record JitRequestPort
{
    [JsonPropertyName("number")] public int Number { get; init; }
    [JsonPropertyName("allowedSourceAddressPrefix")] public string? AllowedSourceAddressPrefix { get; init; }
    [JsonPropertyName("allowedSourceAddressPrefixes")] public IReadOnlyList<string>? AllowedSourceAddressPrefixes { get; init; }
    [JsonPropertyName("endTimeUtc")] public DateTimeOffset EndTimeUtc { get; init; }
    /// <summary><c>Initiating</c> (202 only, not in the spec), <c>Initiated</c> or <c>Revoked</c>.</summary>
    [JsonPropertyName("status")] public string? Status { get; init; }
    /// <summary><c>UserRequested</c>, <c>Expired</c> or <c>NewerRequestInitiated</c>.</summary>
    [JsonPropertyName("statusReason")] public string? StatusReason { get; init; }
    [JsonPropertyName("mappedPort")] public int? MappedPort { get; init; }
}

/// <summary>The body of <c>POST .../initiate</c>. Always send the requester's address: ARM otherwise fills in the caller's (the server's).</summary>
public sealed record JitInitiateRequest
{
    [JsonPropertyName("virtualMachines")] public IReadOnlyList<JitInitiateVirtualMachine> VirtualMachines { get; init; } = [];
    [JsonPropertyName("justification")] public string? Justification { get; init; }
}

public sealed record JitInitiateVirtualMachine
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("ports")] public IReadOnlyList<JitInitiatePort> Ports { get; init; } = [];
}

public sealed record JitInitiatePort
{
    [JsonPropertyName("number")] public int Number { get; init; }
    [JsonPropertyName("endTimeUtc")] public DateTimeOffset EndTimeUtc { get; init; }
    [JsonPropertyName("allowedSourceAddressPrefix")] public string? AllowedSourceAddressPrefix { get; init; }
}
