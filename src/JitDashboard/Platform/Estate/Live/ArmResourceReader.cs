using JitDashboard.Platform.Arm;

namespace JitDashboard.Platform.Estate.Live;

/// <summary>One GET per resource (a VM with its instance view, for the power state); 404 means gone.</summary>
public sealed class ArmResourceReader(IComputeClient compute, NetworkClient network, SecurityClient security) : IResourceReader
{
    public async Task<ResourceRead> ReadAsync(EstateResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        object? value = resource.Kind switch
        {
            EstateResourceKind.VirtualMachine => await compute.GetVirtualMachineAsync(resource.Id, expandInstanceView: true, cancellationToken),
            EstateResourceKind.NetworkInterface => await network.GetNetworkInterfaceAsync(resource.Id, cancellationToken),
            EstateResourceKind.NetworkSecurityGroup => await network.GetNetworkSecurityGroupAsync(resource.Id, cancellationToken),
            EstateResourceKind.PublicIpAddress => await network.GetPublicIpAddressAsync(resource.Id, cancellationToken),
            EstateResourceKind.VirtualNetwork => await network.GetVirtualNetworkAsync(resource.Id, cancellationToken),
            EstateResourceKind.LoadBalancer => await network.GetLoadBalancerAsync(resource.Id, cancellationToken),
            EstateResourceKind.JitPolicy => await ReadPolicyAsync(resource.Id, cancellationToken),
            _ => throw new ArgumentException($"{resource.Kind} is not read one by one.", nameof(resource)),
        };
        return new ResourceRead(resource, value);
    }

    private Task<Arm.Models.JitNetworkAccessPolicy?> ReadPolicyAsync(string id, CancellationToken cancellationToken)
    {
        // /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Security/locations/{location}/jitNetworkAccessPolicies/{name}
        var p = id.Trim('/').Split('/');
        return security.GetJitPolicyAsync(p[1], p[3], p[7], p[9], cancellationToken);
    }
}
