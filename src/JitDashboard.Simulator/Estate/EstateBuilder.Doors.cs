using System.Globalization;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>A public load balancer NAT rule to one VM's primary ip configuration.</summary>
public sealed record NatRuleSpec(string Name, VmHandle Vm, int FrontendPort, int BackendPort);

/// <summary>A load-balancing rule over a backend pool of VMs.</summary>
public sealed record LbRuleSpec(string Name, int FrontendPort, int BackendPort, VmHandle[] Pool);

/// <summary>A DNAT rule to one VM's primary private address.</summary>
public sealed record DnatSpec(string Name, VmHandle Vm, int FrontendPort, int Port, string[] Sources);

/// <summary>An AVNM security admin rule (inbound, TCP).</summary>
public sealed record AdminRuleSpec(string Name, string Access, int Priority, string[] Ports, string[] Sources);

/// <summary>
/// The other doors of issue 17, as ARM GET shapes (docs/arm-contract/network): application security groups, public load
/// balancers, Azure Firewall (classic rules or a Firewall Policy), AVNM security admin rules on a VNet, network watchers.
/// </summary>
public sealed partial class EstateBuilder
{
    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static JsonArray Ids(IEnumerable<string> ids) => new(ids.Select(id => (JsonNode)new JsonObject { ["id"] = id }).ToArray());

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static void Reference(VmHandle vm, string property, string id)
    {
        var nic = vm.Nics[0];
        var config = nic.IpConfigs[0].Name;
        if (!nic.IpConfigReferences.TryGetValue(config, out var references))
            nic.IpConfigReferences[config] = references = [];
        if (!references.TryGetValue(property, out var ids))
            references[property] = ids = [];
        ids.Add(id);
    }

    private static string PrivateIp(VmHandle vm) => vm.Nics[0].IpConfigs[0].PrivateIp;

    private static string VnetId(ResourceGroupHandle rg) => $"{rg.Prefix}/providers/Microsoft.Network/virtualNetworks/{rg.VnetName}";

    private string AddStandardPublicIp(ResourceGroupHandle rg, string name, string ipConfigurationId)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/publicIPAddresses/{name}";
        _resources.Add(new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/publicIPAddresses",
            ["location"] = rg.Location,
            ["sku"] = new JsonObject { ["name"] = "Standard", ["tier"] = "Regional" },
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = NewGuid(),
                ["ipAddress"] = NextPublicIp(),
                ["publicIPAddressVersion"] = "IPv4",
                ["publicIPAllocationMethod"] = "Static",
                ["idleTimeoutInMinutes"] = 4,
                ["ipTags"] = new JsonArray(),
                // The back-reference ARM shows: the load balancer frontend or firewall ip configuration that uses it.
                ["ipConfiguration"] = new JsonObject { ["id"] = ipConfigurationId },
            },
        });
        return id;
    }

    public string AddApplicationSecurityGroup(ResourceGroupHandle rg, string name)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/applicationSecurityGroups/{name}";
        _resources.Add(new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/applicationSecurityGroups",
            ["location"] = rg.Location,
            ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded", ["resourceGuid"] = NewGuid() },
        });
        return id;
    }

    /// <summary>Makes the VM's primary ip configuration a member of the group.</summary>
    public static void JoinApplicationSecurityGroup(VmHandle vm, string asgId) => Reference(vm, "applicationSecurityGroups", asgId);

    /// <summary>A public load balancer (its own Standard public IP) with NAT rules and load-balancing rules.</summary>
    public string AddPublicLoadBalancer(ResourceGroupHandle rg, string name, string sku, IReadOnlyList<NatRuleSpec> natRules, IReadOnlyList<LbRuleSpec> rules)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/loadBalancers/{name}";
        var frontend = $"{id}/frontendIPConfigurations/fe-public";
        var pip = AddStandardPublicIp(rg, $"{name}-pip", frontend);
        var nat = new JsonArray();
        foreach (var r in natRules)
        {
            var ruleId = $"{id}/inboundNatRules/{r.Name}";
            nat.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["id"] = ruleId,
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/loadBalancers/inboundNatRules",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["frontendIPConfiguration"] = new JsonObject { ["id"] = frontend },
                    ["frontendPort"] = r.FrontendPort,
                    ["backendPort"] = r.BackendPort,
                    ["enableFloatingIP"] = false,
                    ["idleTimeoutInMinutes"] = 4,
                    ["protocol"] = "Tcp",
                    ["enableTcpReset"] = true,
                },
            });
            Reference(r.Vm, "loadBalancerInboundNatRules", ruleId);
        }
        var pools = new JsonArray();
        var lbRules = new JsonArray();
        foreach (var r in rules)
        {
            var poolId = $"{id}/backendAddressPools/pool-{r.Name}";
            pools.Add(new JsonObject
            {
                ["name"] = $"pool-{r.Name}",
                ["id"] = poolId,
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/loadBalancers/backendAddressPools",
                ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
            });
            foreach (var vm in r.Pool)
                Reference(vm, "loadBalancerBackendAddressPools", poolId);
            lbRules.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["id"] = $"{id}/loadBalancingRules/{r.Name}",
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/loadBalancers/loadBalancingRules",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["frontendIPConfiguration"] = new JsonObject { ["id"] = frontend },
                    ["frontendPort"] = r.FrontendPort,
                    ["backendPort"] = r.BackendPort,
                    ["enableFloatingIP"] = false,
                    ["idleTimeoutInMinutes"] = 4,
                    ["protocol"] = "Tcp",
                    ["enableTcpReset"] = true,
                    ["loadDistribution"] = "Default",
                    ["backendAddressPool"] = new JsonObject { ["id"] = poolId },
                    ["disableOutboundSnat"] = true,
                },
            });
        }
        _resources.Add(new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/loadBalancers",
            ["location"] = rg.Location,
            ["sku"] = new JsonObject { ["name"] = sku, ["tier"] = "Regional" },
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["resourceGuid"] = NewGuid(),
                ["frontendIPConfigurations"] = new JsonArray(new JsonObject
                {
                    ["name"] = "fe-public",
                    ["id"] = frontend,
                    ["etag"] = NewEtag(),
                    ["type"] = "Microsoft.Network/loadBalancers/frontendIPConfigurations",
                    ["properties"] = new JsonObject
                    {
                        ["provisioningState"] = "Succeeded",
                        ["privateIPAllocationMethod"] = "Dynamic",
                        ["publicIPAddress"] = new JsonObject { ["id"] = pip },
                    },
                }),
                ["backendAddressPools"] = pools,
                ["loadBalancingRules"] = lbRules,
                ["probes"] = new JsonArray(),
                ["inboundNatRules"] = nat,
                ["inboundNatPools"] = new JsonArray(),
            },
        });
        return id;
    }

    /// <summary>
    /// An Azure Firewall in the group's VNet (AzureFirewallSubnet, private address .4 of 10.{octet}.250.0/26) with its
    /// own public IP; its DNAT rules as classic natRuleCollections, or in a Firewall Policy's rule collection group.
    /// </summary>
    public string AddFirewall(ResourceGroupHandle rg, string name, bool policy, IReadOnlyList<DnatSpec> dnat)
    {
        var id = $"{rg.Prefix}/providers/Microsoft.Network/azureFirewalls/{name}";
        var pip = AddStandardPublicIp(rg, $"{name}-pip", $"{id}/ipConfigurations/azureFirewallIpConfiguration");
        var firewallAddress = (string?)((JsonObject)_resources[^1])["properties"]!["ipAddress"];
        var octet = rg.Subnets.Count > 0 ? rg.Subnets[0].PrefixBase.Split('.')[1] : "0";
        JsonArray Rules(bool classic) => new(dnat.Select(r =>
        {
            var rule = new JsonObject();
            if (!classic)
                rule["ruleType"] = "NatRule";
            rule["name"] = r.Name;
            rule["sourceAddresses"] = Strings(r.Sources);
            rule["destinationAddresses"] = Strings([firewallAddress!]);
            rule["destinationPorts"] = Strings([Text(r.FrontendPort)]);
            rule[classic ? "protocols" : "ipProtocols"] = Strings(["TCP"]);
            rule["translatedAddress"] = PrivateIp(r.Vm);
            rule["translatedPort"] = Text(r.Port);
            if (!classic)
                rule["sourceIpGroups"] = new JsonArray();
            return (JsonNode)rule;
        }).ToArray());

        var properties = new JsonObject
        {
            ["provisioningState"] = "Succeeded",
            ["sku"] = new JsonObject { ["name"] = "AZFW_VNet", ["tier"] = "Standard" },
            ["threatIntelMode"] = "Alert",
            ["ipConfigurations"] = new JsonArray(new JsonObject
            {
                ["name"] = "azureFirewallIpConfiguration",
                ["id"] = $"{id}/ipConfigurations/azureFirewallIpConfiguration",
                ["etag"] = NewEtag(),
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["privateIPAddress"] = $"10.{octet}.250.4",
                    ["subnet"] = new JsonObject { ["id"] = $"{VnetId(rg)}/subnets/AzureFirewallSubnet" },
                    ["publicIPAddress"] = new JsonObject { ["id"] = pip },
                },
            }),
            ["applicationRuleCollections"] = new JsonArray(),
            ["natRuleCollections"] = new JsonArray(),
            ["networkRuleCollections"] = new JsonArray(),
        };
        if (policy)
        {
            var policyId = $"{rg.Prefix}/providers/Microsoft.Network/firewallPolicies/{name}-policy";
            properties["firewallPolicy"] = new JsonObject { ["id"] = policyId };
            _resources.Add(new JsonObject
            {
                ["name"] = $"{name}-policy",
                ["id"] = policyId,
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/firewallPolicies",
                ["location"] = rg.Location,
                ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded", ["threatIntelMode"] = "Alert", ["sku"] = new JsonObject { ["tier"] = "Standard" } },
            });
            _resources.Add(new JsonObject
            {
                ["name"] = "DefaultDnatRuleCollectionGroup",
                ["id"] = $"{policyId}/ruleCollectionGroups/DefaultDnatRuleCollectionGroup",
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                ["properties"] = new JsonObject
                {
                    ["provisioningState"] = "Succeeded",
                    ["priority"] = 100,
                    ["ruleCollections"] = new JsonArray(new JsonObject
                    {
                        ["ruleCollectionType"] = "FirewallPolicyNatRuleCollection",
                        ["action"] = new JsonObject { ["type"] = "DNAT" },
                        ["rules"] = Rules(classic: false),
                        ["name"] = "dnat-management",
                        ["priority"] = 100,
                    }),
                },
            });
        }
        else
        {
            properties["natRuleCollections"] = new JsonArray(new JsonObject
            {
                ["name"] = "dnat-management",
                ["id"] = $"{id}/natRuleCollections/dnat-management",
                ["properties"] = new JsonObject
                {
                    ["priority"] = 100,
                    ["action"] = new JsonObject { ["type"] = "Dnat" },
                    ["rules"] = Rules(classic: true),
                },
            });
        }
        _resources.Add(new JsonObject
        {
            ["name"] = name,
            ["id"] = id,
            ["type"] = "Microsoft.Network/azureFirewalls",
            ["etag"] = NewEtag(),
            ["location"] = rg.Location,
            ["zones"] = new JsonArray(),
            ["properties"] = properties,
        });
        return id;
    }

    /// <summary>
    /// An AVNM network manager (in the group) whose security admin configuration applies rules to the group's VNet: a network
    /// group with the VNet as static member, one rule collection applying to it, the rules.
    /// </summary>
    public void AddAdminRules(ResourceGroupHandle rg, string managerName, IReadOnlyList<AdminRuleSpec> rules)
    {
        var manager = $"{rg.Prefix}/providers/Microsoft.Network/networkManagers/{managerName}";
        var group = $"{manager}/networkGroups/ng-{rg.VnetName}";
        var configuration = $"{manager}/securityAdminConfigurations/baseline";
        var collection = $"{configuration}/ruleCollections/management-ports";
        _resources.Add(new JsonObject
        {
            ["name"] = managerName,
            ["id"] = manager,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkManagers",
            ["location"] = rg.Location,
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["networkManagerScopes"] = new JsonObject { ["subscriptions"] = Strings([$"/subscriptions/{rg.SubscriptionId}"]), ["managementGroups"] = new JsonArray() },
                ["networkManagerScopeAccesses"] = Strings(["SecurityAdmin"]),
            },
        });
        _resources.Add(new JsonObject
        {
            ["name"] = $"ng-{rg.VnetName}",
            ["id"] = group,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkManagers/networkGroups",
            ["properties"] = new JsonObject { ["description"] = $"The VNet of {rg.Name}", ["provisioningState"] = "Succeeded" },
        });
        _resources.Add(new JsonObject
        {
            ["name"] = rg.VnetName,
            ["id"] = $"{group}/staticMembers/{rg.VnetName}",
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkManagers/networkGroups/staticMembers",
            ["properties"] = new JsonObject { ["resourceId"] = VnetId(rg), ["provisioningState"] = "Succeeded" },
        });
        _resources.Add(new JsonObject
        {
            ["name"] = "baseline",
            ["id"] = configuration,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations",
            ["properties"] = new JsonObject { ["description"] = "Organisation baseline", ["provisioningState"] = "Succeeded" },
        });
        _resources.Add(new JsonObject
        {
            ["name"] = "management-ports",
            ["id"] = collection,
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
            ["properties"] = new JsonObject
            {
                ["description"] = "Management ports",
                ["appliesToGroups"] = new JsonArray(new JsonObject { ["networkGroupId"] = group }),
                ["provisioningState"] = "Succeeded",
            },
        });
        foreach (var r in rules)
        {
            _resources.Add(new JsonObject
            {
                ["name"] = r.Name,
                ["id"] = $"{collection}/rules/{r.Name}",
                ["etag"] = NewEtag(),
                ["type"] = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                ["kind"] = "Custom",
                ["properties"] = new JsonObject
                {
                    ["description"] = $"{r.Access} {string.Join(",", r.Ports)}",
                    ["protocol"] = "Tcp",
                    ["sources"] = new JsonArray(r.Sources.Select(s => (JsonNode)new JsonObject
                    {
                        ["addressPrefixType"] = s is "Internet" or "VirtualNetwork" || s.StartsWith("AzureCloud", StringComparison.Ordinal) ? "ServiceTag" : "IPPrefix",
                        ["addressPrefix"] = s,
                    }).ToArray()),
                    ["destinations"] = new JsonArray(new JsonObject { ["addressPrefixType"] = "IPPrefix", ["addressPrefix"] = "*" }),
                    ["sourcePortRanges"] = Strings(["0-65535"]),
                    ["destinationPortRanges"] = Strings(r.Ports),
                    ["direction"] = "Inbound",
                    ["access"] = r.Access,
                    ["priority"] = r.Priority,
                    ["provisioningState"] = "Succeeded",
                },
            });
        }
    }

    /// <summary>The region's Network Watcher, where Azure puts it (NetworkWatcherRG, NetworkWatcher_{region}).</summary>
    public void AddNetworkWatcher(string subscriptionId, string location)
    {
        _resources.Add(new JsonObject
        {
            ["name"] = $"NetworkWatcher_{location}",
            ["id"] = $"/subscriptions/{subscriptionId}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_{location}",
            ["etag"] = NewEtag(),
            ["type"] = "Microsoft.Network/networkWatchers",
            ["location"] = location,
            ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded" },
        });
    }
}
