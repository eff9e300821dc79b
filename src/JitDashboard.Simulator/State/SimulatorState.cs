using System.Text.Json;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.State;

public static class ResourceTypes
{
    public const string VirtualMachines = "Microsoft.Compute/virtualMachines";
    public const string ClassicVirtualMachines = "Microsoft.ClassicCompute/virtualMachines";
    public const string NetworkInterfaces = "Microsoft.Network/networkInterfaces";
    public const string NetworkSecurityGroups = "Microsoft.Network/networkSecurityGroups";
    public const string PublicIPAddresses = "Microsoft.Network/publicIPAddresses";
    public const string VirtualNetworks = "Microsoft.Network/virtualNetworks";
    public const string LoadBalancers = "Microsoft.Network/loadBalancers";
    public const string ApplicationSecurityGroups = "Microsoft.Network/applicationSecurityGroups";
    public const string AzureFirewalls = "Microsoft.Network/azureFirewalls";
    public const string FirewallPolicies = "Microsoft.Network/firewallPolicies";
    public const string FirewallPolicyRuleCollectionGroups = "Microsoft.Network/firewallPolicies/ruleCollectionGroups";
    public const string NetworkWatchers = "Microsoft.Network/networkWatchers";
    public const string NetworkManagers = "Microsoft.Network/networkManagers";
    public const string NetworkGroups = "Microsoft.Network/networkManagers/networkGroups";
    public const string NetworkGroupStaticMembers = "Microsoft.Network/networkManagers/networkGroups/staticMembers";
    public const string SecurityAdminConfigurations = "Microsoft.Network/networkManagers/securityAdminConfigurations";
    public const string AdminRuleCollections = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections";
    public const string AdminRules = "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules";
    public const string Subnets = "Microsoft.Network/virtualNetworks/subnets";
    public const string SecurityRules = "Microsoft.Network/networkSecurityGroups/securityRules";
    public const string DefaultSecurityRules = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules";
    public const string JitPolicies = "Microsoft.Security/locations/jitNetworkAccessPolicies";
}

/// <summary>An estate file that does not follow public contract 1.</summary>
public sealed class InvalidEstateException(string message) : Exception(message);

/// <summary>
/// The in-memory ARM store: resources as JsonObjects keyed by lower-case id, with indexes by
/// (subscription, type) and (subscription, resource group, type) so lists never scan everything.
/// Every member must be called while holding <see cref="Gate"/>: one coarse lock keeps the JSON trees
/// consistent, and the work under it is small (ARM pages are 100 items).
/// </summary>
public sealed class SimulatorState
{
    public const string TenantId = "5a1d0c3e-7b2f-4e8a-9c61-0d3f2b4a6e10";

    private Store _s = new();

    public object Gate { get; } = new();

    public SimulatorClock Clock { get; } = new();

    /// <summary>Earliest endTimeUtc of an active JIT grant; lets the expiry sweep skip work.</summary>
    public DateTimeOffset NextExpiry { get; set; } = DateTimeOffset.MinValue;

    private sealed class Store
    {
        public readonly Dictionary<string, JsonObject> Resources = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> Index = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (JsonObject Subnet, string VnetKey)> Subnets = new(StringComparer.Ordinal);
        public readonly Dictionary<string, JsonObject> InstanceViews = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> NsgNics = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SortedSet<string>> NsgSubnets = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> PublicIpConfigurations = new(StringComparer.Ordinal);
        /// <summary>Load balancer inbound NAT rule or backend pool (key) → the NIC ip configuration ids that name it.</summary>
        public readonly Dictionary<string, SortedSet<string>> LoadBalancerBackends = new(StringComparer.Ordinal);
        public readonly SortedDictionary<string, JsonObject> Subscriptions = new(StringComparer.Ordinal);
        public readonly HashSet<string> ResourceGroups = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SubscriptionConditions> Conditions = new(StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------- estate

    /// <summary>Validates an estate file and replaces the whole state with it (atomically: on error nothing changes).</summary>
    public void LoadEstate(JsonObject estate)
    {
        if (estate["subscriptions"] is not JsonArray subs)
            throw new InvalidEstateException("The estate needs a 'subscriptions' array.");
        if (estate["resources"] is not JsonArray resources)
            throw new InvalidEstateException("The estate needs a 'resources' array.");
        var store = new Store();
        var conditionObjects = new List<(string Id, JsonObject Subscription, int Index)>();
        foreach (var (sub, i) in subs.Select((s, i) => (s, i)))
        {
            var id = (sub as JsonObject)?["subscriptionId"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrWhiteSpace(id) || !Guid.TryParse(id, out _))
                throw new InvalidEstateException($"subscriptions[{i}] needs a 'subscriptionId' that is a GUID.");
            var displayName = sub!["displayName"] is JsonValue d && d.TryGetValue<string>(out var dn) ? dn : id;
            store.Subscriptions[id.ToLowerInvariant()] = NewSubscription(id, displayName);
            conditionObjects.Add((id, (JsonObject)sub, i));
        }
        var old = _s;
        _s = store;
        try
        {
            foreach (var (node, i) in resources.Select((r, i) => (r, i)))
            {
                // Some ARM answers carry no type (a firewall policy's rule collection groups): the id says it then.
                if (node is not JsonObject r || r["id"]?.GetValueKind() != JsonValueKind.String
                    || (r["type"] is not null && r["type"]!.GetValueKind() != JsonValueKind.String))
                    throw new InvalidEstateException($"resources[{i}] needs an 'id' string and, when it has one, a 'type' string.");
                var id = (string?)r["id"];
                if (ArmId.TryParse(id) is null)
                    throw new InvalidEstateException($"resources[{i}]: '{id}' is not an ARM resource id (/subscriptions/.../providers/...).");
                try
                {
                    Upsert((JsonObject)r.DeepClone());
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException)
                {
                    throw new InvalidEstateException($"resources[{i}] ('{id}'): {e.Message}");
                }
            }
            // Conditions last: the default registration of Microsoft.ClassicCompute depends on the resources.
            foreach (var (id, sub, i) in conditionObjects)
            {
                try
                {
                    SetConditions(id, ConditionsFor(id).With(sub, id));
                }
                catch (ArgumentException e)
                {
                    throw new InvalidEstateException($"subscriptions[{i}] ('{id}'): {e.Message}");
                }
            }
        }
        catch
        {
            _s = old;
            throw;
        }
        NextExpiry = DateTimeOffset.MinValue;
    }

    /// <summary>The state as an estate file; VMs carry their instance view so power state round-trips.</summary>
    public JsonObject DumpEstate()
    {
        var resources = new JsonArray();
        foreach (var (key, r) in _s.Resources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var copy = Render(r);
            if (IsType(r, ResourceTypes.VirtualMachines) && _s.InstanceViews.TryGetValue(key, out var iv))
                ((JsonObject)copy["properties"]!)["instanceView"] = iv.DeepClone();
            resources.Add(copy);
        }
        return new JsonObject
        {
            ["subscriptions"] = new JsonArray(_s.Subscriptions.Values
                .Select(s =>
                {
                    var o = new JsonObject { ["subscriptionId"] = s["subscriptionId"]!.DeepClone(), ["displayName"] = s["displayName"]!.DeepClone() };
                    ConditionsFor((string)s["subscriptionId"]!).WriteTo(o);
                    return (JsonNode)o;
                })
                .ToArray()),
            ["resources"] = resources,
        };
    }

    // ---------------------------------------------------------------- subscriptions and groups

    public IEnumerable<JsonObject> Subscriptions => _s.Subscriptions.Values;

    public JsonObject? GetSubscription(string id) => _s.Subscriptions.GetValueOrDefault(id.ToLowerInvariant());

    /// <summary>The subscription's partial states; the defaults (see <see cref="SubscriptionConditions.Default"/>) when none were set.</summary>
    public SubscriptionConditions ConditionsFor(string sub)
    {
        var key = sub.ToLowerInvariant();
        return _s.Conditions.TryGetValue(key, out var c)
            ? c
            : SubscriptionConditions.Default(List(sub, ResourceTypes.ClassicVirtualMachines).Count > 0);
    }

    /// <summary>Replaces a subscription's conditions; its <c>state</c> field follows.</summary>
    public void SetConditions(string sub, SubscriptionConditions conditions)
    {
        var key = sub.ToLowerInvariant();
        _s.Conditions[key] = conditions;
        if (_s.Subscriptions.TryGetValue(key, out var s))
            s["state"] = conditions.State;
    }

    public bool ResourceGroupExists(string sub, string rg) => _s.ResourceGroups.Contains(sub.ToLowerInvariant() + "|" + rg.ToLowerInvariant());

    private static JsonObject NewSubscription(string id, string displayName) => new()
    {
        ["id"] = "/subscriptions/" + id,
        ["authorizationSource"] = "RoleBased",
        ["managedByTenants"] = new JsonArray(),
        ["subscriptionId"] = id,
        ["tenantId"] = TenantId,
        ["displayName"] = displayName,
        ["state"] = "Enabled",
        ["subscriptionPolicies"] = new JsonObject
        {
            ["locationPlacementId"] = "Public_2014-09-01",
            ["quotaId"] = "PayAsYouGo_2014-09-01",
            ["spendingLimit"] = "Off",
        },
    };

    // ---------------------------------------------------------------- resources

    public int Count => _s.Resources.Count;

    public JsonObject? Get(string id) => _s.Resources.GetValueOrDefault(ArmId.Key(id));

    public JsonObject? GetSubnet(string id) => _s.Subnets.TryGetValue(ArmId.Key(id), out var e) ? e.Subnet : null;

    /// <summary>Ids (lower-case, sorted) of a type in a subscription, optionally one resource group.</summary>
    public IReadOnlyCollection<string> List(string sub, string type, string? rg = null)
        => _s.Index.TryGetValue(IndexKey(sub, rg, type), out var set) ? set : [];

    public JsonObject GetByKey(string key) => _s.Resources[key];

    /// <summary>Adds or replaces a resource, normalising it to what ARM returns and updating every index.</summary>
    public void Upsert(JsonObject resource)
    {
        var id = (string)resource["id"]!;
        var arm = ArmId.TryParse(id) ?? throw new ArgumentException($"'{id}' is not an ARM id.", nameof(resource));
        var key = ArmId.Key(id);
        if (_s.Resources.TryGetValue(key, out var previous))
            Unindex(key, previous);
        resource["name"] ??= arm.Name;
        var type = (string?)resource["type"] ?? arm.Type;
        resource["type"] = type;
        Normalize(resource, type);
        _s.Resources[key] = resource;
        var sub = arm.Subscription.ToLowerInvariant();
        if (!_s.Subscriptions.ContainsKey(sub))
            _s.Subscriptions[sub] = NewSubscription(arm.Subscription, arm.Subscription);
        Add(IndexKey(arm.Subscription, null, type), key);
        if (arm.ResourceGroup is not null)
        {
            _s.ResourceGroups.Add(sub + "|" + arm.ResourceGroup.ToLowerInvariant());
            Add(IndexKey(arm.Subscription, arm.ResourceGroup, type), key);
        }
        IndexRelations(key, resource, type);
    }

    public bool Remove(string id)
    {
        var key = ArmId.Key(id);
        if (!_s.Resources.Remove(key, out var r))
            return false;
        Unindex(key, r);
        return true;
    }

    public static void Touch(JsonObject resource) => resource["etag"] = NewEtag();

    /// <summary>
    /// A resource changed by the simulator itself (Defender writing JIT rules, an expiry closing them): touched, and
    /// journaled so that Event Grid reports it as Azure would (<see cref="TakeSideEffects"/>).
    /// </summary>
    public void MarkChanged(JsonObject resource)
    {
        Touch(resource);
        if ((string?)resource["id"] is { } id) _sideEffects.Add(id);
    }

    private readonly List<string> _sideEffects = [];

    /// <summary>The ids written as side effects since the last call (distinct, in order).</summary>
    public IReadOnlyList<string> TakeSideEffects()
    {
        if (_sideEffects.Count == 0) return [];
        var taken = _sideEffects.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _sideEffects.Clear();
        return taken;
    }

    public static string NewEtag() => $"W/\"{Guid.NewGuid()}\"";

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
