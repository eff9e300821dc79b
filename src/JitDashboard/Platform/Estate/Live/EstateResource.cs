namespace JitDashboard.Platform.Estate.Live;

/// <summary>
/// A resource named by an event, folded to the resource the estate holds: a security rule to its NSG, a subnet to
/// its virtual network, a VM extension to its VM, a JIT initiation to its policy. <see cref="Id"/> is that
/// resource's ARM id (as sent, trimmed), <see cref="Key"/> its lower-case form for debouncing and coalescing.
/// </summary>
public sealed record EstateResource(EstateResourceKind Kind, string SubscriptionId, string Id)
{
    public string Key => Id.ToLowerInvariant();

    /// <summary>The estate resource an ARM id concerns; null for anything the estate does not read (deployments, disks...).</summary>
    public static EstateResource? Parse(string? resourceId)
    {
        if (string.IsNullOrWhiteSpace(resourceId) || resourceId.Length > 2048) return null;
        var parts = resourceId.Trim().Trim('/').Split('/');
        if (parts.Length < 2 || !Is(parts[0], "subscriptions") || !Guid.TryParse(parts[1], out _)) return null;
        var subscription = parts[1];
        if (parts.Length == 4 && Is(parts[2], "resourceGroups"))
            return new EstateResource(EstateResourceKind.ResourceGroup, subscription, Join(parts, 4));
        if (parts.Length < 8 || !Is(parts[2], "resourceGroups") || !Is(parts[4], "providers")) return null;
        var ns = parts[5];
        var type = parts[6];
        if (Is(ns, "Microsoft.Security") && Is(type, "locations") && parts.Length >= 10 && Is(parts[8], "jitNetworkAccessPolicies"))
            return new EstateResource(EstateResourceKind.JitPolicy, subscription, Join(parts, 10));
        EstateResourceKind? kind = (ns.ToLowerInvariant(), type.ToLowerInvariant()) switch
        {
            ("microsoft.compute", "virtualmachines") => EstateResourceKind.VirtualMachine,
            ("microsoft.network", "networkinterfaces") => EstateResourceKind.NetworkInterface,
            ("microsoft.network", "networksecuritygroups") => EstateResourceKind.NetworkSecurityGroup,
            ("microsoft.network", "publicipaddresses") => EstateResourceKind.PublicIpAddress,
            ("microsoft.network", "virtualnetworks") => EstateResourceKind.VirtualNetwork,
            ("microsoft.network", "loadbalancers") => EstateResourceKind.LoadBalancer,
            _ => null,
        };
        return kind is { } k ? new EstateResource(k, subscription, Join(parts, 8)) : null;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Join(string[] parts, int count) => "/" + string.Join('/', parts.Take(count));
}
