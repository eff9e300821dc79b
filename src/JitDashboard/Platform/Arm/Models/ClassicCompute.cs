using System.Text.Json.Serialization;

namespace JitDashboard.Platform.Arm.Models;

/// <summary>A classic (Azure Service Manager) VM as ARM lists it under <c>Microsoft.ClassicCompute</c>. JIT does not support it.</summary>
public sealed record ClassicVirtualMachine
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("location")] public string? Location { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyDictionary<string, string>? Tags { get; init; }
    [JsonPropertyName("properties")] public ClassicVirtualMachineProperties Properties { get; init; } = new();
}

public sealed record ClassicVirtualMachineProperties
{
    [JsonPropertyName("instanceView")] public ClassicInstanceView? InstanceView { get; init; }
    [JsonPropertyName("hardwareProfile")] public ClassicHardwareProfile? HardwareProfile { get; init; }
    [JsonPropertyName("networkProfile")] public ClassicNetworkProfile? NetworkProfile { get; init; }
    [JsonPropertyName("storageProfile")] public ClassicStorageProfile? StorageProfile { get; init; }
}

public sealed record ClassicInstanceView
{
    /// <summary><c>Started</c> or <c>Stopped</c>.</summary>
    [JsonPropertyName("powerState")] public string? PowerState { get; init; }
    [JsonPropertyName("publicIpAddresses")] public IReadOnlyList<string>? PublicIpAddresses { get; init; }
}

public sealed record ClassicHardwareProfile
{
    [JsonPropertyName("size")] public string? Size { get; init; }
}

public sealed record ClassicNetworkProfile
{
    [JsonPropertyName("inputEndpoints")] public IReadOnlyList<ClassicInputEndpoint> InputEndpoints { get; init; } = [];
}

/// <summary>A classic endpoint forwards a public port of the cloud service's address to a port of the VM.</summary>
public sealed record ClassicInputEndpoint
{
    [JsonPropertyName("endpointName")] public string? EndpointName { get; init; }
    [JsonPropertyName("privatePort")] public int PrivatePort { get; init; }
    [JsonPropertyName("publicPort")] public int PublicPort { get; init; }
    [JsonPropertyName("protocol")] public string? Protocol { get; init; }
    [JsonPropertyName("publicIpAddress")] public string? PublicIpAddress { get; init; }
}

public sealed record ClassicStorageProfile
{
    [JsonPropertyName("operatingSystemDisk")] public ClassicOsDisk? OperatingSystemDisk { get; init; }
}

public sealed record ClassicOsDisk
{
    [JsonPropertyName("osType")] public string? OsType { get; init; }
}
