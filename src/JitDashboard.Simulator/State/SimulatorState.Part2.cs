using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.State;

/// <summary>The rest of <see cref="SimulatorState"/> (one class, two files to keep each short).</summary>
public sealed partial class SimulatorState
{
    /// <summary>A copy fit for an ARM answer: NSGs get their networkInterfaces/subnets back-references.</summary>
    public JsonObject Render(JsonObject resource)
    {
        var copy = (JsonObject)resource.DeepClone();
        if (IsType(resource, ResourceTypes.NetworkSecurityGroups) && copy["properties"] is JsonObject p)
        {
            var key = ArmId.Key((string)resource["id"]!);
            if (_s.NsgNics.TryGetValue(key, out var nics) && nics.Count > 0)
                p["networkInterfaces"] = IdArray(nics);
            if (_s.NsgSubnets.TryGetValue(key, out var subnets) && subnets.Count > 0)
                p["subnets"] = IdArray(subnets);
        }
        else if (IsType(resource, ResourceTypes.LoadBalancers) && copy["properties"] is JsonObject lb)
        {
            RenderLoadBalancerBackends(lb);
        }
        else if (IsType(resource, ResourceTypes.FirewallPolicies) && copy["properties"] is JsonObject fp)
        {
            RenderFirewallPolicyReferences(resource, fp);
        }
        else if (IsType(resource, ResourceTypes.PublicIPAddresses) && copy["properties"] is JsonObject pp && pp["ipConfiguration"] is null
                 && _s.PublicIpConfigurations.TryGetValue(ArmId.Key((string)resource["id"]!), out var ipConfiguration))
        {
            // The back-reference to the NIC ip configuration that uses this address, as ARM shows it.
            pp["ipConfiguration"] = new JsonObject { ["id"] = ipConfiguration };
        }
        return copy;
    }

    /// <summary>The NIC ip configurations behind each NAT rule and backend pool, as ARM shows them on a load balancer.</summary>
    private void RenderLoadBalancerBackends(JsonObject lb)
    {
        foreach (var rule in (lb["inboundNatRules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)rule["id"] is { } id && rule["properties"] is JsonObject p && p["backendIPConfiguration"] is null
                && _s.LoadBalancerBackends.TryGetValue(ArmId.Key(id), out var configs) && configs.Count > 0)
                p["backendIPConfiguration"] = new JsonObject { ["id"] = configs.First() };
        }
        foreach (var pool in (lb["backendAddressPools"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((string?)pool["id"] is { } id && pool["properties"] is JsonObject p && p["backendIPConfigurations"] is null
                && _s.LoadBalancerBackends.TryGetValue(ArmId.Key(id), out var configs) && configs.Count > 0)
                p["backendIPConfigurations"] = new JsonArray(configs.Select(c => (JsonNode)new JsonObject { ["id"] = c }).ToArray());
        }
    }

    /// <summary>A firewall policy lists its rule collection groups and the firewalls that use it (read-only back-references).</summary>
    private void RenderFirewallPolicyReferences(JsonObject policy, JsonObject p)
    {
        var id = (string)policy["id"]!;
        var arm = ArmId.TryParse(id)!;
        var prefix = ArmId.Key(id) + "/";
        p["ruleCollectionGroups"] = new JsonArray(List(arm.Subscription, ResourceTypes.FirewallPolicyRuleCollectionGroups)
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => (JsonNode)new JsonObject { ["id"] = (string)_s.Resources[k]["id"]! }).ToArray());
        p["firewalls"] = new JsonArray(List(arm.Subscription, ResourceTypes.AzureFirewalls)
            .Select(k => _s.Resources[k])
            .Where(f => string.Equals((string?)f["properties"]?["firewallPolicy"]?["id"], id, StringComparison.OrdinalIgnoreCase))
            .Select(f => (JsonNode)new JsonObject { ["id"] = (string)f["id"]! }).ToArray());
    }

    private JsonArray IdArray(IEnumerable<string> keys) => new(keys
        .Select(k => (string?)(_s.Resources.GetValueOrDefault(k)?["id"]) ?? (string?)(_s.Subnets.GetValueOrDefault(k).Subnet?["id"]) ?? k)
        .Select(id => (JsonNode)new JsonObject { ["id"] = id })
        .ToArray());

    // ---------------------------------------------------------------- VM power state

    /// <summary>The VM's instance view; made up (running) when the estate did not give one.</summary>
    public JsonObject GetInstanceView(JsonObject vm)
    {
        var key = ArmId.Key((string)vm["id"]!);
        if (!_s.InstanceViews.TryGetValue(key, out var iv))
        {
            iv = NewInstanceView(vm, "running");
            _s.InstanceViews[key] = iv;
        }
        return iv;
    }

    public static JsonObject NewInstanceView(JsonObject vm, string powerState) => new()
    {
        ["computerName"] = (string?)vm["properties"]?["osProfile"]?["computerName"] ?? (string?)vm["name"],
        ["osName"] = (string?)vm["properties"]?["storageProfile"]?["osDisk"]?["osType"] == "Windows" ? "Windows Server 2022 Datacenter" : "ubuntu",
        ["statuses"] = new JsonArray(
            new JsonObject
            {
                ["code"] = "ProvisioningState/succeeded",
                ["level"] = "Info",
                ["displayStatus"] = "Provisioning succeeded",
                ["time"] = (string?)vm["properties"]?["timeCreated"] ?? "2024-01-01T00:00:00+00:00",
            },
            new JsonObject
            {
                ["code"] = "PowerState/" + powerState,
                ["level"] = "Info",
                ["displayStatus"] = "VM " + powerState,
            }),
    };

    // ---------------------------------------------------------------- internals

    private static bool IsType(JsonObject r, string type) => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase);

    private static string IndexKey(string sub, string? rg, string type)
        => rg is null ? $"{sub}|{type}".ToLowerInvariant() : $"{sub}|{rg}|{type}".ToLowerInvariant();

    private void Add(string indexKey, string key)
    {
        if (!_s.Index.TryGetValue(indexKey, out var set))
            _s.Index[indexKey] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(key);
    }

    private void Unindex(string key, JsonObject r)
    {
        var arm = ArmId.TryParse((string?)r["id"])!;
        var type = (string)r["type"]!;
        _s.Index.GetValueOrDefault(IndexKey(arm.Subscription, null, type))?.Remove(key);
        if (arm.ResourceGroup is not null)
            _s.Index.GetValueOrDefault(IndexKey(arm.Subscription, arm.ResourceGroup, type))?.Remove(key);
        if (string.Equals(type, ResourceTypes.NetworkInterfaces, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var set in _s.NsgNics.Values)
                set.Remove(key);
            foreach (var pip in _s.PublicIpConfigurations.Where(p => ArmId.Key(p.Value).StartsWith(key + "/", StringComparison.Ordinal)).Select(p => p.Key).ToList())
                _s.PublicIpConfigurations.Remove(pip);
            foreach (var set in _s.LoadBalancerBackends.Values)
                set.RemoveWhere(c => ArmId.Key(c).StartsWith(key + "/", StringComparison.Ordinal));
        }
        else if (string.Equals(type, ResourceTypes.VirtualNetworks, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var sk in _s.Subnets.Where(p => p.Value.VnetKey == key).Select(p => p.Key).ToList())
            {
                _s.Subnets.Remove(sk);
                foreach (var set in _s.NsgSubnets.Values)
                    set.Remove(sk);
            }
        }
        else if (string.Equals(type, ResourceTypes.VirtualMachines, StringComparison.OrdinalIgnoreCase))
        {
            _s.InstanceViews.Remove(key);
        }
    }

    private void IndexRelations(string key, JsonObject r, string type)
    {
        if (string.Equals(type, ResourceTypes.NetworkInterfaces, StringComparison.OrdinalIgnoreCase))
        {
            if ((string?)r["properties"]?["networkSecurityGroup"]?["id"] is { } nsg)
                AddRelation(_s.NsgNics, ArmId.Key(nsg), key);
            foreach (var ipc in (r["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if ((string?)ipc["properties"]?["publicIPAddress"]?["id"] is { } pip && (string?)ipc["id"] is { } ipcId)
                    _s.PublicIpConfigurations[ArmId.Key(pip)] = ipcId;
                if ((string?)ipc["id"] is { } configId)
                {
                    foreach (var reference in ((ipc["properties"]?["loadBalancerInboundNatRules"] as JsonArray ?? []))
                                 .Concat(ipc["properties"]?["loadBalancerBackendAddressPools"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if ((string?)reference["id"] is { } target)
                            AddRelation(_s.LoadBalancerBackends, ArmId.Key(target), configId);
                    }
                }
            }
        }
        else if (string.Equals(type, ResourceTypes.VirtualNetworks, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var subnet in (r["properties"]?["subnets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var sk = ArmId.Key((string)subnet["id"]!);
                _s.Subnets[sk] = (subnet, key);
                if ((string?)subnet["properties"]?["networkSecurityGroup"]?["id"] is { } nsg)
                    AddRelation(_s.NsgSubnets, ArmId.Key(nsg), sk);
            }
        }
    }

    private static void AddRelation(Dictionary<string, SortedSet<string>> map, string from, string to)
    {
        if (!map.TryGetValue(from, out var set))
            map[from] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(to);
    }

    private void Normalize(JsonObject r, string type)
    {
        // JIT policies carry no etag in ARM's answers; every other resource here does.
        if (!string.Equals(type, ResourceTypes.JitPolicies, StringComparison.OrdinalIgnoreCase))
            r["etag"] ??= NewEtag();
        var props = r["properties"] as JsonObject;
        if (props is null)
            r["properties"] = props = [];
        if (string.Equals(type, ResourceTypes.VirtualMachines, StringComparison.OrdinalIgnoreCase)
            || string.Equals(type, ResourceTypes.ClassicVirtualMachines, StringComparison.OrdinalIgnoreCase))
        {
            var key = ArmId.Key((string)r["id"]!);
            // The stored VM never carries its instance view: it is only sent when asked for.
            if (props["instanceView"] is JsonObject iv)
            {
                props.Remove("instanceView");
                _s.InstanceViews[key] = iv;
            }
            else if (PowerStateTag(r) is { } power)
            {
                _s.InstanceViews[key] = NewInstanceView(r, power);
            }
        }
        else if (string.Equals(type, ResourceTypes.NetworkSecurityGroups, StringComparison.OrdinalIgnoreCase))
        {
            Nsg.Normalize(r);
        }
        else if (string.Equals(type, ResourceTypes.VirtualNetworks, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var subnet in (props["subnets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var name = (string?)subnet["name"] ?? "default";
                subnet["name"] = name;
                subnet["id"] ??= (string)r["id"]! + "/subnets/" + name;
                subnet["etag"] ??= NewEtag();
                subnet["type"] ??= ResourceTypes.Subnets;
                var sp = subnet["properties"] as JsonObject ?? [];
                subnet["properties"] = sp;
                sp["provisioningState"] ??= "Succeeded";
            }
            props["subnets"] ??= new JsonArray();
        }
        if (!string.Equals(type, ResourceTypes.JitPolicies, StringComparison.OrdinalIgnoreCase))
            props["provisioningState"] ??= "Succeeded";
        if (string.Equals(type, ResourceTypes.ApplicationSecurityGroups, StringComparison.OrdinalIgnoreCase))
            props["resourceGuid"] ??= Guid.NewGuid().ToString();
    }

    private static string? PowerStateTag(JsonObject vm)
    {
        if (vm["tags"] is not JsonObject tags)
            return null;
        foreach (var (k, v) in tags)
        {
            if (k.Equals("powerState", StringComparison.OrdinalIgnoreCase) && v is JsonValue && (string?)v is { Length: > 0 } s)
                return s.ToLowerInvariant().Replace("powerstate/", "", StringComparison.Ordinal);
        }
        return null;
    }
}
