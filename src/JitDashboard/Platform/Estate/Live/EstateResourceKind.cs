namespace JitDashboard.Platform.Estate.Live;

/// <summary>The kinds of resource the estate reads one by one when Azure says they changed.</summary>
public enum EstateResourceKind
{
    VirtualMachine,
    NetworkInterface,
    NetworkSecurityGroup,
    PublicIpAddress,
    VirtualNetwork,
    JitPolicy,
    /// <summary>Not in the read model: its VMs are found by re-reading their subscription.</summary>
    LoadBalancer,
    /// <summary>A resource group written or deleted: its subscription is re-read.</summary>
    ResourceGroup,
}
