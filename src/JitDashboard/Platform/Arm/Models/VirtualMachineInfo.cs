namespace JitDashboard.Platform.Arm.Models;

/// <summary>What the dashboard needs of a VM, independent of the Compute SDK's model.</summary>
public sealed record VirtualMachineInfo(
    string Id,
    string Name,
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    string? OsType,
    string? VmSize,
    IReadOnlyList<string> NicIds,
    IReadOnlyDictionary<string, string> Tags,
    string? ScaleSetId = null,
    string? PowerState = null);

/// <summary>An Azure subscription the credential can see.</summary>
public sealed record SubscriptionInfo(string SubscriptionId, string DisplayName, string? State);
