namespace JitDashboard.Simulator.Estate;

public enum OsKind { Linux, Windows }

/// <summary>Ordinary ARM VM, or one of the stand-ins JIT cannot protect.</summary>
public enum VmKind { Standard, ScaleSetInstance, Classic }

public enum PowerState { Running, Deallocated, Stopped }

public enum PublicIpSku { None, Basic, Standard }

/// <summary>What to build for one VM; the builder makes its NICs, public IPs and NIC NSG.</summary>
public sealed class VmOptions
{
    public required string Name { get; init; }
    public OsKind Os { get; init; } = OsKind.Linux;
    public VmKind Kind { get; init; } = VmKind.Standard;
    public string Size { get; init; } = "Standard_B2s";
    public PowerState Power { get; init; } = PowerState.Running;
    public int SubnetIndex { get; init; }
    /// <summary>Whether the VM's NIC(s) get their own NSG (a second NIC shares it).</summary>
    public bool NicNsg { get; init; } = true;
    public PublicIpSku PublicIp { get; init; } = PublicIpSku.Standard;
    public bool SecondNic { get; init; }
    /// <summary>Adds ipconfig2 to the primary NIC, with its own public IP when <see cref="SecondIpConfigPublicIp"/> says so.</summary>
    public bool SecondIpConfig { get; init; }
    public PublicIpSku SecondIpConfigPublicIp { get; init; } = PublicIpSku.None;
    public (string Key, string Value)[] Tags { get; init; } = [];
    /// <summary>Scale set name for <see cref="VmKind.ScaleSetInstance"/>.</summary>
    public string? ScaleSetName { get; init; }
    /// <summary>publisher, offer, sku; defaults by OS.</summary>
    public (string Publisher, string Offer, string Sku)? Image { get; init; }
}

/// <summary>An NSG rule to add; one entry in Ports/Sources gives the singular field, several the plural list.</summary>
public sealed record RuleSpec(
    string Name,
    string Access,
    string Protocol,
    string[] Ports,
    string[] Sources,
    int Priority = 0,
    string Direction = "Inbound",
    string[]? Destinations = null,
    string? Description = null,
    string[]? SourceAsgs = null,
    string[]? DestinationAsgs = null);

public sealed class SubnetHandle
{
    internal SubnetHandle(string name, string id, string prefixBase, NsgHandle? nsg)
    {
        Name = name;
        Id = id;
        PrefixBase = prefixBase;
        Nsg = nsg;
    }

    public string Name { get; }
    public string Id { get; }
    public NsgHandle? Nsg { get; }
    /// <summary>The first three octets, e.g. "10.4.1".</summary>
    internal string PrefixBase { get; }
    internal int NextHost { get; set; } = 4; // Azure reserves .0-.3
}

/// <summary>A custom rule with its priority resolved.</summary>
internal sealed record RuleData(RuleSpec Spec, int Priority);

public sealed class NsgHandle
{
    internal NsgHandle(string name, string id, string etag, string location, string resourceGuid)
    {
        Name = name;
        Id = id;
        Etag = etag;
        Location = location;
        ResourceGuid = resourceGuid;
    }

    public string Name { get; }
    public string Id { get; }
    internal string Etag { get; }
    internal string Location { get; }
    internal string ResourceGuid { get; }
    internal List<RuleData> Rules { get; } = [];
    internal List<string> NetworkInterfaces { get; } = [];
    internal List<string> SubnetIds { get; } = [];
    internal HashSet<int> Priorities { get; } = [];
    internal int LastPriority { get; set; } = 90;

    /// <summary>Lowest unused priority at or above <paramref name="from"/>.</summary>
    public int FreePriority(int from)
    {
        var p = from;
        while (Priorities.Contains(p))
            p++;
        return p;
    }
}

internal sealed record IpConfigData(string Name, string Id, string PrivateIp, string? PublicIpId);

internal sealed record PublicIpData(string Name, string Id, string Etag, string Location, PublicIpSku Sku, string ResourceGuid,
    string IpAddress, bool Static, string IpConfigurationId);

internal sealed record VnetData(ResourceGroupHandle Group, string Id, string Etag, string ResourceGuid, int Octet);

public sealed class NicHandle
{
    internal NicHandle(string name, string id, SubnetHandle subnet, NsgHandle? nsg)
    {
        Name = name;
        Id = id;
        Subnet = subnet;
        Nsg = nsg;
    }

    public string Name { get; }
    public string Id { get; }
    public SubnetHandle Subnet { get; }
    public NsgHandle? Nsg { get; }
    public List<string> PrivateIps { get; } = [];
    internal List<IpConfigData> IpConfigs { get; } = [];
    /// <summary>Extra ip configuration properties by configuration name (load balancer pools and NAT rules, ASGs).</summary>
    internal Dictionary<string, Dictionary<string, List<string>>> IpConfigReferences { get; } = [];
    internal string Etag { get; set; } = "";
    internal string ResourceGuid { get; set; } = "";
    internal string Location { get; set; } = "";
    internal string VmId { get; set; } = "";
    internal bool Primary { get; set; }
}

public sealed class VmHandle
{
    internal VmHandle(string name, string id, ResourceGroupHandle group, VmOptions options)
    {
        Name = name;
        Id = id;
        Group = group;
        Options = options;
    }

    public string Name { get; }
    public string Id { get; }
    public ResourceGroupHandle Group { get; }
    public VmOptions Options { get; }
    public List<NicHandle> Nics { get; } = [];
    /// <summary>The NIC's own NSG, shared by its NICs, if any.</summary>
    public NsgHandle? NicNsg { get; internal set; }
    internal string VmGuid { get; set; } = "";
    internal DateTimeOffset Created { get; set; }
    internal (string Publisher, string Offer, string Sku) Image { get; set; }
    // Classic stand-ins only.
    internal string ClassicPublicIp { get; set; } = "";
    internal int ClassicPublicPort { get; set; }
    internal string ClassicDeploymentId { get; set; } = "";
}

internal sealed record JitRequestData(string VmId, int Port, string Source, string Requestor, DateTimeOffset Start,
    DateTimeOffset End, string Status, string StatusReason, string? Justification);

internal sealed class PolicyData(ResourceGroupHandle group)
{
    public ResourceGroupHandle Group { get; } = group;
    public string Id => $"{Group.Prefix}/providers/Microsoft.Security/locations/{Group.Location}/jitNetworkAccessPolicies/default";
    public List<(string VmId, IReadOnlyList<int> Ports, string MaxDuration)> VirtualMachines { get; } = [];
    public List<JitRequestData> Requests { get; } = [];
}

public sealed class ResourceGroupHandle
{
    internal ResourceGroupHandle(string subscriptionId, string name, string location, string vnetName)
    {
        SubscriptionId = subscriptionId;
        Name = name;
        Location = location;
        VnetName = vnetName;
    }

    public string SubscriptionId { get; }
    public string Name { get; }
    public string Location { get; }
    public string VnetName { get; }
    public List<SubnetHandle> Subnets { get; } = [];
    public string Prefix => $"/subscriptions/{SubscriptionId}/resourceGroups/{Name}";
    internal PolicyData? Policy { get; set; }
    internal HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal Dictionary<string, int> NameCounters { get; } = [];
    /// <summary>The group's VMs, in the order they were added.</summary>
    internal List<VmHandle> Vms { get; } = [];
}
