using System.Globalization;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>
/// Builds an estate file (public contract 1) resource by resource, in the exact shapes of
/// shared/estates/sample-estate.json. Every GUID, etag and time comes from the seeded RNG or a fixed
/// base date, so the same calls give byte-identical JSON.
/// </summary>
public sealed class EstateBuilder
{
    /// <summary>Fixed "now" for creation and status times: real time would break determinism.</summary>
    public static readonly DateTimeOffset BaseTime = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public const string OfficePrefix = "203.0.113.0/24";
    public const string AdminHost = "198.51.100.10/32";

    private static readonly int[] PublicFirstOctets = [20, 40, 52, 13];

    private readonly JsonArray _subscriptions = [];
    private readonly List<JsonNode> _resources = [];
    private int _publicIpCounter;

    public EstateBuilder(int seed) => Random = new Random(seed);

    public Random Random { get; }

    public int VmCount { get; private set; }

    public string NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, like the real ones
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    private string NewEtag() => $"W/\"{NewGuid()}\"";

    public string AddSubscription(string displayName, string? subscriptionId = null)
    {
        var id = subscriptionId ?? NewGuid();
        _subscriptions.Add(new JsonObject { ["subscriptionId"] = id, ["displayName"] = displayName });
        return id;
    }

    /// <summary>Adds the resource group's VNet (10.{octet}.0.0/16) with one /24 per subnet, and an NSG on each subnet flagged so.</summary>
    public ResourceGroupHandle AddResourceGroup(string subscriptionId, string name, string location, int vnetOctet,
        IReadOnlyList<(string Name, bool Nsg)> subnets)
    {
        var rg = new ResourceGroupHandle(subscriptionId, name, location, $"vnet-{name}");
        var vnetId = $"{rg.Prefix}/providers/Microsoft.Network/virtualNetworks/{rg.VnetName}";
        var etag = NewEtag();
        var subnetArray = new JsonArray();
        for (var i = 0; i < subnets.Count; i++)
        {
            var (subnetName, withNsg) = subnets[i];
            var subnetId = $"{vnetId}/subnets/{subnetName}";
            var nsg = withNsg ? AddNsg(rg, $"nsg-{rg.VnetName}-{subnetName}") : null;
            var prefixBase = $"10.{vnetOctet}.{i + 1}";
            var props = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["addressPrefix"] = $"{prefixBase}.0/24",
            };
            if (nsg is not null)
            {
                props["networkSecurityGroup"] = Ref(nsg.Id);
                BackRef(nsg, "subnets", subnetId);
            }
            props["delegations"] = new JsonArray();
            props["privateEndpointNetworkPolicies"] = "Disabled";
            props["privateLinkServiceNetworkPolicies"] = "Enabled";
            subnetArray.Add(new JsonObject
            {
                ["name"] = subnetName,
                ["id"] = subnetId,
                ["etag"] = etag,
                ["type"] = "Microsoft.Network/virtualNetworks/subnets",
                ["properties"] = props,
            });
            rg.Subnets.Add(new SubnetHandle(subnetName, subnetId, prefixBase, nsg));
        }
        _resources.Add(new JsonObject
        {
            ["name"] = rg.VnetName,
            ["id"] = vnetId,
            ["etag"] = etag,
            ["type"] = "Microsoft.Network/virtualNetworks",
            ["location"] = location,
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = NewGuid(),
                ["addressSpace"] = new JsonObject { ["addressPrefixes"] = new JsonArray($"10.{vnetOctet}.0.0/16") },
                ["subnets"] = subnetArray,
                ["virtualNetworkPeerings"] = new JsonArray(),
                ["enableDdosProtection"] = false,
            },
        });
        return rg;
    }

    /// <summary>A name not yet used in the resource group: <c>{stem}-01</c>, <c>{stem}-02</c>...</summary>
    public string UniqueName(ResourceGroupHandle rg, string stem)
    {
        rg.NameCounters.TryGetValue(stem, out var n);
        string name;
        do
        {
            n++;
            name = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n:00}");
        }
        while (!rg.Names.Add(name));
        rg.NameCounters[stem] = n;
        return name;
    }

    public NsgHandle AddNsg(ResourceGroupHandle rg, string name)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/networkSecurityGroups/{name}";
        var etag = NewEtag(); // ARM gives sub-resources their parent's etag
        var rules = new JsonArray();
        var defaults = new JsonArray
        {
            DefaultRule(id, etag, "AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Inbound"),
            DefaultRule(id, etag, "AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer", "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"),
            DefaultRule(id, etag, "DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"),
            DefaultRule(id, etag, "AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound"),
            DefaultRule(id, etag, "AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*", "Internet", "Allow", 65001, "Outbound"),
            DefaultRule(id, etag, "DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"),
        };
        var resource = new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = etag,
            ["type"] = "Microsoft.Network/networkSecurityGroups",
            ["location"] = rg.Location,
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = NewGuid(),
                ["securityRules"] = rules,
                ["defaultSecurityRules"] = defaults,
            },
        };
        _resources.Add(resource);
        return new NsgHandle(name, id, etag, resource, rules);
    }

    private static JsonObject DefaultRule(string nsgId, string etag, string name, string description, string source,
        string destination, string access, int priority, string direction) => new()
    {
        ["name"] = name,
        ["id"] = $"{nsgId}/defaultSecurityRules/{name}",
        ["etag"] = etag,
        ["type"] = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules",
        ["properties"] = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["description"] = description,
            ["protocol"] = "*",
            ["sourcePortRange"] = "*",
            ["destinationPortRange"] = "*",
            ["sourceAddressPrefix"] = source,
            ["sourceAddressPrefixes"] = new JsonArray(),
            ["destinationAddressPrefix"] = destination,
            ["destinationAddressPrefixes"] = new JsonArray(),
            ["sourcePortRanges"] = new JsonArray(),
            ["destinationPortRanges"] = new JsonArray(),
            ["access"] = access,
            ["priority"] = priority,
            ["direction"] = direction,
        },
    };

    /// <summary>Adds a custom rule; priority 0 picks the next free one 10 above the previous rule.</summary>
    public int AddRule(NsgHandle nsg, RuleSpec rule)
    {
        var priority = rule.Priority > 0 ? rule.Priority : nsg.FreePriority(nsg.LastPriority + 10);
        if (!nsg.Priorities.Add(priority))
            throw new InvalidOperationException($"Priority {priority} is already used in {nsg.Name}.");
        if (rule.Priority == 0)
            nsg.LastPriority = priority;
        var destinations = rule.Destinations ?? ["*"];
        var props = new JsonObject { ["provisioningState"] = "Succeeded" };
        if (rule.Description is not null)
            props["description"] = rule.Description;
        props["protocol"] = rule.Protocol;
        props["sourcePortRange"] = "*";
        props["destinationPortRange"] = rule.Ports.Length == 1 ? rule.Ports[0] : "";
        props["sourceAddressPrefix"] = rule.Sources.Length == 1 ? rule.Sources[0] : "";
        props["sourceAddressPrefixes"] = Strings(rule.Sources);
        props["destinationAddressPrefix"] = destinations.Length == 1 ? destinations[0] : "";
        props["destinationAddressPrefixes"] = Strings(destinations);
        props["sourcePortRanges"] = new JsonArray();
        props["destinationPortRanges"] = Strings(rule.Ports);
        props["access"] = rule.Access;
        props["priority"] = priority;
        props["direction"] = rule.Direction;
        nsg.SecurityRules.Add(new JsonObject
        {
            ["name"] = rule.Name,
            ["id"] = $"{nsg.Id}/securityRules/{rule.Name}",
            ["etag"] = nsg.Etag,
            ["type"] = "Microsoft.Network/networkSecurityGroups/securityRules",
            ["properties"] = props,
        });
        return priority;
    }

    // ARM lists the plural form only when more than one value is given; the singular is then empty.
    private static JsonArray Strings(string[] values)
    {
        var array = new JsonArray();
        if (values.Length > 1)
        {
            foreach (var v in values)
                array.Add(v);
        }
        return array;
    }

    public VmHandle AddVm(ResourceGroupHandle rg, VmOptions o)
    {
        if (o.Name.Length > 40)
            throw new ArgumentException($"VM name '{o.Name}' is longer than 40 characters.", nameof(o));
        rg.Names.Add(o.Name);
        VmCount++;
        if (o.Kind == VmKind.Classic)
            return AddClassicVm(rg, o);

        var vmId = $"{rg.Prefix}/providers/Microsoft.Compute/virtualMachines/{o.Name}";
        var subnet = rg.Subnets[o.SubnetIndex];
        var nicNsg = o.NicNsg ? AddNsg(rg, $"nsg-{o.Name}-nic") : null;
        var vmNics = new JsonArray();
        var vm = new VmHandle(o.Name, vmId, rg, o, new JsonObject()) { NicNsg = nicNsg };

        var nicCount = o.SecondNic ? 2 : 1;
        for (var n = 0; n < nicCount; n++)
        {
            var nicName = n == 0 ? $"{o.Name}-nic" : $"{o.Name}-nic{n + 1}";
            var configs = new List<(string Name, PublicIpSku Pip)> { ("ipconfig1", n == 0 ? o.PublicIp : PublicIpSku.None) };
            if (n == 0 && o.SecondIpConfig)
                configs.Add(("ipconfig2", o.SecondIpConfigPublicIp));
            var nic = AddNic(rg, nicName, vmId, subnet, nicNsg, primary: n == 0, configs, o.Name);
            vm.Nics.Add(nic);
            vmNics.Add(new JsonObject { ["id"] = nic.Id, ["properties"] = new JsonObject { ["primary"] = n == 0 } });
        }

        var (publisher, offer, sku) = o.Image ?? (o.Os == OsKind.Windows
            ? ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition")
            : ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"));
        var created = BaseTime.AddMinutes(-Random.Next(60 * 24 * 30, 60 * 24 * 900));
        var props = new JsonObject
        {
            ["vmId"] = NewGuid(),
        };
        if (o.Kind == VmKind.ScaleSetInstance)
        {
            props["virtualMachineScaleSet"] = Ref($"{rg.Prefix}/providers/Microsoft.Compute/virtualMachineScaleSets/{o.ScaleSetName ?? "vmss-" + rg.Name}");
        }
        props["hardwareProfile"] = new JsonObject { ["vmSize"] = o.Size };
        props["storageProfile"] = new JsonObject
        {
            ["imageReference"] = new JsonObject
            {
                ["publisher"] = publisher,
                ["offer"] = offer,
                ["sku"] = sku,
                ["version"] = "latest",
            },
            ["osDisk"] = new JsonObject
            {
                ["osType"] = o.Os.ToString(),
                ["name"] = $"{o.Name}-osdisk",
                ["createOption"] = "FromImage",
                ["caching"] = "ReadWrite",
                ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS" },
            },
        };
        props["osProfile"] = new JsonObject
        {
            // Windows computer names stop at 15 characters.
            ["computerName"] = o.Os == OsKind.Windows && o.Name.Length > 15 ? o.Name[..15] : o.Name,
            ["adminUsername"] = "azureuser",
        };
        props["networkProfile"] = new JsonObject { ["networkInterfaces"] = vmNics };
        props["provisioningState"] = "Succeeded";
        props["timeCreated"] = created.ToString("yyyy-MM-ddTHH:mm:ss.fffffffK", CultureInfo.InvariantCulture);
        // As $expand=instanceView returns it; the simulator strips it from plain GETs.
        props["instanceView"] = new JsonObject
        {
            ["statuses"] = new JsonArray
            {
                new JsonObject
                {
                    ["code"] = "ProvisioningState/succeeded",
                    ["level"] = "Info",
                    ["displayStatus"] = "Provisioning succeeded",
                    ["time"] = created.AddMinutes(3).ToString("yyyy-MM-ddTHH:mm:ss.fffffffK", CultureInfo.InvariantCulture),
                },
                PowerStatus(o.Power),
            },
        };

        var resource = vm.Resource;
        resource["name"] = o.Name;
        resource["id"] = vmId;
        resource["type"] = "Microsoft.Compute/virtualMachines";
        resource["location"] = rg.Location;
        resource["tags"] = Tags(o.Tags);
        resource["properties"] = props;
        _resources.Add(resource);
        return vm;
    }

    private static JsonObject PowerStatus(PowerState power)
    {
        var (code, display) = power switch
        {
            PowerState.Deallocated => ("PowerState/deallocated", "VM deallocated"),
            PowerState.Stopped => ("PowerState/stopped", "VM stopped"),
            _ => ("PowerState/running", "VM running"),
        };
        return new JsonObject { ["code"] = code, ["level"] = "Info", ["displayStatus"] = display };
    }

    private static JsonObject Tags((string Key, string Value)[] tags)
    {
        var o = new JsonObject();
        foreach (var (k, v) in tags)
            o[k] = v;
        return o;
    }

    private NicHandle AddNic(ResourceGroupHandle rg, string nicName, string vmId, SubnetHandle subnet, NsgHandle? nsg,
        bool primary, List<(string Name, PublicIpSku Pip)> configs, string vmName)
    {
        var nicId = $"{rg.Prefix}/providers/Microsoft.Network/networkInterfaces/{nicName}";
        var nic = new NicHandle(nicName, nicId, subnet, nsg);
        var etag = NewEtag();
        var ipConfigs = new JsonArray();
        for (var i = 0; i < configs.Count; i++)
        {
            var (configName, pipSku) = configs[i];
            var configId = $"{nicId}/ipConfigurations/{configName}";
            if (subnet.NextHost > 254)
                throw new InvalidOperationException($"Subnet {subnet.Id} is full.");
            var privateIp = $"{subnet.PrefixBase}.{subnet.NextHost++}";
            nic.PrivateIps.Add(privateIp);
            var props = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["privateIPAddress"] = privateIp,
                ["privateIPAllocationMethod"] = "Dynamic",
                ["subnet"] = Ref(subnet.Id),
                ["primary"] = i == 0,
                ["privateIPAddressVersion"] = "IPv4",
            };
            if (pipSku != PublicIpSku.None)
            {
                var pipName = PublicIpName(vmName, nicName, configName, primary, i);
                props["publicIPAddress"] = Ref(AddPublicIp(rg, pipName, pipSku, configId));
            }
            ipConfigs.Add(new JsonObject
            {
                ["name"] = configName,
                ["id"] = configId,
                ["etag"] = etag,
                ["type"] = "Microsoft.Network/networkInterfaces/ipConfigurations",
                ["properties"] = props,
            });
        }
        var nicProps = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["resourceGuid"] = NewGuid(),
            ["ipConfigurations"] = ipConfigs,
            ["dnsSettings"] = new JsonObject { ["dnsServers"] = new JsonArray(), ["appliedDnsServers"] = new JsonArray() },
            ["enableAcceleratedNetworking"] = false,
            ["enableIPForwarding"] = false,
            ["primary"] = primary,
            ["virtualMachine"] = Ref(vmId),
            ["nicType"] = "Standard",
        };
        if (nsg is not null)
        {
            nicProps["networkSecurityGroup"] = Ref(nsg.Id);
            BackRef(nsg, "networkInterfaces", nicId);
        }
        _resources.Add(new JsonObject
        {
            ["name"] = nicName,
            ["id"] = nicId,
            ["etag"] = etag,
            ["type"] = "Microsoft.Network/networkInterfaces",
            ["location"] = rg.Location,
            ["properties"] = nicProps,
        });
        return nic;
    }

    private static string PublicIpName(string vmName, string nicName, string configName, bool primaryNic, int configIndex) =>
        primaryNic && configIndex == 0 ? $"{vmName}-pip" : $"{nicName}-{configName}-pip";

    private string AddPublicIp(ResourceGroupHandle rg, string name, PublicIpSku sku, string ipConfigurationId)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/publicIPAddresses/{name}";
        _resources.Add(new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/publicIPAddresses",
            ["location"] = rg.Location,
            ["sku"] = new JsonObject { ["name"] = sku.ToString(), ["tier"] = "Regional" },
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = NewGuid(),
                ["ipAddress"] = NextPublicIp(),
                ["publicIPAddressVersion"] = "IPv4",
                // Standard is always Static; old Basic addresses were often Dynamic.
                ["publicIPAllocationMethod"] = sku == PublicIpSku.Standard || Random.Next(2) == 0 ? "Static" : "Dynamic",
                ["idleTimeoutInMinutes"] = 4,
                ["ipTags"] = new JsonArray(),
                ["ipConfiguration"] = Ref(ipConfigurationId),
            },
        });
        return id;
    }

    /// <summary>Unique addresses in Azure-looking ranges (20.x, 40.x, 52.x, 13.x).</summary>
    private string NextPublicIp()
    {
        var n = _publicIpCounter++;
        var first = PublicFirstOctets[n % PublicFirstOctets.Length];
        var m = n / PublicFirstOctets.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{first}.{10 + (m / 64516 % 200)}.{m / 254 % 254}.{(m % 254) + 1}");
    }

    private VmHandle AddClassicVm(ResourceGroupHandle rg, VmOptions o)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.ClassicCompute/virtualMachines/{o.Name}";
        var publicIp = NextPublicIp();
        var endpoints = new JsonArray();
        var (endpointName, port) = o.Os == OsKind.Windows ? ("RemoteDesktop", 3389) : ("SSH", 22);
        endpoints.Add(new JsonObject
        {
            ["endpointName"] = endpointName,
            ["privatePort"] = port,
            ["publicPort"] = Random.Next(50000, 65000),
            ["protocol"] = "tcp",
            ["enableDirectServerReturn"] = false,
            ["publicIpAddress"] = publicIp,
        });
        if (o.Os == OsKind.Windows)
        {
            endpoints.Add(new JsonObject
            {
                ["endpointName"] = "PowerShell",
                ["privatePort"] = 5986,
                ["publicPort"] = 5986,
                ["protocol"] = "tcp",
                ["enableDirectServerReturn"] = false,
                ["publicIpAddress"] = publicIp,
            });
        }
        var running = o.Power == PowerState.Running;
        var resource = new JsonObject
        {
            ["name"] = o.Name,
            ["id"] = id,
            ["type"] = "Microsoft.ClassicCompute/virtualMachines",
            ["location"] = rg.Location,
            ["properties"] = new JsonObject
            {
                ["instanceView"] = new JsonObject
                {
                    ["status"] = running ? "ReadyRole" : "StoppedDeallocated",
                    ["powerState"] = running ? "Started" : "Stopped",
                    ["publicIpAddresses"] = new JsonArray(publicIp),
                    ["computerName"] = o.Name.Length > 15 ? o.Name[..15] : o.Name,
                    ["fullyQualifiedDomainName"] = $"{o.Name}.cloudapp.net",
                },
                ["hardwareProfile"] = new JsonObject
                {
                    ["platformGuestAgent"] = true,
                    ["size"] = "Small",
                    ["deploymentName"] = o.Name,
                    ["deploymentId"] = NewGuid().Replace("-", "", StringComparison.Ordinal),
                    ["deploymentLabel"] = o.Name,
                    ["deploymentLocked"] = false,
                },
                ["networkProfile"] = new JsonObject { ["inputEndpoints"] = endpoints },
                ["storageProfile"] = new JsonObject
                {
                    ["operatingSystemDisk"] = new JsonObject
                    {
                        ["osType"] = o.Os.ToString(),
                        ["diskName"] = $"{o.Name}-os",
                        ["caching"] = "ReadWrite",
                        ["ioType"] = "Standard",
                    },
                },
                ["provisioningState"] = "Succeeded",
            },
        };
        _resources.Add(resource);
        return new VmHandle(o.Name, id, rg, o, resource);
    }

    private static void BackRef(NsgHandle nsg, string property, string id)
    {
        var props = nsg.Resource["properties"]!.AsObject();
        if (props[property] is not JsonArray list)
        {
            list = [];
            props[property] = list;
        }
        list.Add(Ref(id));
    }

    private static JsonObject Ref(string id) => new() { ["id"] = id };

    private JsonObject Policy(ResourceGroupHandle rg)
    {
        if (rg.Policy is not null)
            return rg.Policy;
        rg.Policy = new JsonObject
        {
            ["id"] = $"{rg.Prefix}/providers/Microsoft.Security/locations/{rg.Location}/jitNetworkAccessPolicies/default",
            ["name"] = "default",
            ["type"] = "Microsoft.Security/locations/jitNetworkAccessPolicies",
            ["location"] = rg.Location,
            ["kind"] = "Basic",
            ["properties"] = new JsonObject
            {
                ["virtualMachines"] = new JsonArray(),
                ["requests"] = new JsonArray(),
                ["provisioningState"] = "Succeeded",
            },
        };
        _resources.Add(rg.Policy);
        return rg.Policy;
    }

    /// <summary>
    /// Puts the VM in its resource group's <c>default</c> policy and leaves Defender's deny rule
    /// (priority 1000 or the next free) on each NSG in its path, destination its private IP(s).
    /// </summary>
    public void EnableJit(VmHandle vm, IReadOnlyList<int> ports, string maxDuration = "PT3H")
    {
        var portArray = new JsonArray();
        foreach (var p in ports)
        {
            portArray.Add(new JsonObject
            {
                ["number"] = p,
                ["protocol"] = "*",
                ["allowedSourceAddressPrefix"] = "*",
                ["maxRequestAccessDuration"] = maxDuration,
            });
        }
        Policy(vm.Group)["properties"]!["virtualMachines"]!.AsArray().Add(new JsonObject { ["id"] = vm.Id, ["ports"] = portArray });

        var portStrings = ports.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var (nsg, nic) in NsgsInPath(vm))
        {
            AddRule(nsg, new RuleSpec(
                $"SecurityCenter-JITRule_{Random.Next(int.MinValue, int.MaxValue)}_{NewGuid().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()}",
                "Deny", "*", portStrings, ["*"], nsg.FreePriority(1000), Destinations: [.. nic.PrivateIps],
                Description: $"ASC JIT Network Access rule for policy 'default' of VM '{vm.Name}'."));
        }
    }

    /// <summary>
    /// Adds a request to the VM's policy. An <c>Initiated</c> one also gets its allow rule
    /// (priority 100 or the next free) on each NSG in the path, as Defender does for a live grant.
    /// </summary>
    public void AddJitRequest(VmHandle vm, int port, string source, string requestor, DateTimeOffset start,
        DateTimeOffset end, string status, string statusReason, string? justification = null)
    {
        var request = new JsonObject
        {
            ["virtualMachines"] = new JsonArray(new JsonObject
            {
                ["id"] = vm.Id,
                ["ports"] = new JsonArray(new JsonObject
                {
                    ["number"] = port,
                    ["allowedSourceAddressPrefix"] = source,
                    ["endTimeUtc"] = end.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
                    ["status"] = status,
                    ["statusReason"] = statusReason,
                }),
            }),
            ["startTimeUtc"] = start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["requestor"] = requestor,
        };
        if (justification is not null)
            request["justification"] = justification;
        Policy(vm.Group)["properties"]!["requests"]!.AsArray().Add(request);

        if (status != "Initiated")
            return;
        var portText = port.ToString(CultureInfo.InvariantCulture);
        foreach (var (nsg, nic) in NsgsInPath(vm))
        {
            AddRule(nsg, new RuleSpec(
                $"SecurityCenter-JITRule-{Random.Next(int.MinValue, int.MaxValue)}-{NewGuid().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant()}",
                "Allow", "*", [portText], [source], nsg.FreePriority(100), Destinations: [.. nic.PrivateIps],
                Description: $"ASC JIT Network Access rule created by an initiation request for policy 'default' of VM '{vm.Name}'."));
        }
    }

    private static List<(NsgHandle Nsg, NicHandle Nic)> NsgsInPath(VmHandle vm)
    {
        var result = new List<(NsgHandle, NicHandle)>();
        foreach (var nic in vm.Nics)
        {
            if (nic.Subnet.Nsg is { } subnetNsg)
                result.Add((subnetNsg, nic));
            if (nic.Nsg is { } nicNsg)
                result.Add((nicNsg, nic));
        }
        return result;
    }

    /// <summary>The estate file; call once (nodes move into it).</summary>
    public JsonObject Build() => new()
    {
        ["subscriptions"] = _subscriptions,
        ["resources"] = new JsonArray([.. _resources]),
    };
}
