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

    public async Task<IReadOnlyList<ResourceRead>?> ListAsync(string subscriptionId, EstateResourceKind kind, CancellationToken cancellationToken)
    {
        var reads = new List<ResourceRead>();
        switch (kind)
        {
            case EstateResourceKind.NetworkSecurityGroup:
                await foreach (var nsg in network.ListNetworkSecurityGroupsAsync(subscriptionId, cancellationToken))
                {
                    if (EstateResource.Parse(nsg.Id) is { } resource) reads.Add(new ResourceRead(resource, nsg));
                }
                return reads;
            case EstateResourceKind.JitPolicy:
                await foreach (var policy in security.ListJitPoliciesAsync(subscriptionId, cancellationToken))
                {
                    if (EstateResource.Parse(policy.Id) is { } resource) reads.Add(new ResourceRead(resource, policy));
                }
                return reads;
            default:
                return null;
        }
    }

    private Task<Arm.Models.JitNetworkAccessPolicy?> ReadPolicyAsync(string id, CancellationToken cancellationToken)
    {
        // /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Security/locations/{location}/jitNetworkAccessPolicies/{name}
        var p = id.Trim('/').Split('/');
        return security.GetJitPolicyAsync(p[1], p[3], p[7], p[9], cancellationToken);
    }
}
