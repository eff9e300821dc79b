using System.Net;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Tests.Estate;

/// <summary>Reads an estate file and asserts the invariants every estate (generated or demo) must hold.</summary>
internal sealed class EstateChecks
{
    public const string Vm = "Microsoft.Compute/virtualMachines";
    public const string ClassicVm = "Microsoft.ClassicCompute/virtualMachines";
    public const string Nic = "Microsoft.Network/networkInterfaces";
    public const string Nsg = "Microsoft.Network/networkSecurityGroups";
    public const string Pip = "Microsoft.Network/publicIPAddresses";
    public const string Vnet = "Microsoft.Network/virtualNetworks";
    public const string Policy = "Microsoft.Security/locations/jitNetworkAccessPolicies";

    public static readonly string[] DefaultRuleNames =
        ["AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"];

    public EstateChecks(JsonObject estate)
    {
        Estate = estate;
        Subscriptions = estate["subscriptions"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Resources = estate["resources"]!.AsArray().Select(r => r!.AsObject()).ToList();
        foreach (var r in Resources)
        {
            // Exact (ordinal) ids: the generator must use ARM's casing everywhere.
            Assert.True(ById.TryAdd(Str(r, "id"), r), $"Duplicate id {Str(r, "id")}");
        }
        foreach (var vnet in Of(Vnet))
        {
            foreach (var subnet in Props(vnet)["subnets"]!.AsArray())
                Subnets.Add(Str(subnet!, "id"), subnet!.AsObject());
        }
    }

    public JsonObject Estate { get; }
    public List<JsonObject> Subscriptions { get; }
    public List<JsonObject> Resources { get; }
    public Dictionary<string, JsonObject> ById { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> Subnets { get; } = new(StringComparer.Ordinal);

    public IEnumerable<JsonObject> Of(string type) => Resources.Where(r => (string?)r["type"] == type);

    public IEnumerable<JsonObject> AllVms => Resources.Where(r => Str(r, "type") is Vm or ClassicVm);

    public static string Str(JsonNode node, string name) => node[name]!.GetValue<string>();

    public static JsonObject Props(JsonNode node) => node["properties"]!.AsObject();

    public static string? RefId(JsonNode? node, string name) => node?[name]?["id"]?.GetValue<string>();

    public JsonObject Get(string id, string type)
    {
        Assert.True(ById.TryGetValue(id, out var r), $"Referenced id does not exist: {id}");
        Assert.Equal(type, Str(r!, "type"));
        return r!;
    }

    public IEnumerable<JsonObject> NicsOf(JsonObject vm) =>
        Props(vm)["networkProfile"]?["networkInterfaces"]?.AsArray().Select(n => Get(Str(n!, "id"), Nic)) ?? [];

    /// <summary>The NSG ids a VM's traffic passes (subnet and NIC level).</summary>
    public HashSet<string> NsgsInPath(JsonObject vm)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in NicsOf(vm))
        {
            if (RefId(Props(nic), "networkSecurityGroup") is { } nicNsg)
                result.Add(nicNsg);
            foreach (var config in Props(nic)["ipConfigurations"]!.AsArray())
            {
                var subnet = Subnets[RefId(Props(config!), "subnet")!];
                if (RefId(Props(subnet), "networkSecurityGroup") is { } subnetNsg)
                    result.Add(subnetNsg);
            }
        }
        return result;
    }

    public static IEnumerable<JsonObject> CustomRules(JsonObject nsg) =>
        Props(nsg)["securityRules"]!.AsArray().Select(r => r!.AsObject());

    public void AssertIntegrity()
    {
        var subscriptionIds = Subscriptions.Select(s => Str(s, "subscriptionId")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Subscriptions.Count, subscriptionIds.Count);
        foreach (var s in subscriptionIds)
            Assert.True(Guid.TryParseExact(s, "D", out _), $"Subscription id {s} is not a GUID");
        foreach (var r in Resources)
        {
            var id = Str(r, "id");
            var parts = id.Split('/');
            Assert.Equal("subscriptions", parts[1]);
            Assert.Contains(parts[2], subscriptionIds);
            Assert.Equal("resourceGroups", parts[3]);
            Assert.Equal("providers", parts[5]);
            Assert.Equal(Str(r, "name"), parts[^1]);
            // Child resources (network manager groups and rules, firewall policy rule collection groups) have no location.
            if (parts.Length == 9)
                Assert.False(string.IsNullOrEmpty(Str(r, "location")));
        }

        var referencedPips = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in Of(Nic))
        {
            var nicId = Str(nic, "id");
            var vm = Get(RefId(Props(nic), "virtualMachine")!, Vm);
            Assert.Contains(Props(vm)["networkProfile"]!["networkInterfaces"]!.AsArray(), n => Str(n!, "id") == nicId);
            if (RefId(Props(nic), "networkSecurityGroup") is { } nsgId)
                Get(nsgId, Nsg);
            foreach (var config in Props(nic)["ipConfigurations"]!.AsArray())
            {
                var configProps = Props(config!);
                var subnetId = RefId(configProps, "subnet")!;
                Assert.True(Subnets.TryGetValue(subnetId, out var subnet), $"NIC {nicId} points at a missing subnet {subnetId}");
                Assert.True(InPrefix(Str(configProps, "privateIPAddress"), Str(Props(subnet!), "addressPrefix")),
                    $"{nicId}: private IP outside its subnet");
                Assert.StartsWith(nicId + "/ipConfigurations/", Str(config!, "id"), StringComparison.Ordinal);
                if (RefId(configProps, "publicIPAddress") is { } pipId)
                {
                    var pip = Get(pipId, Pip);
                    Assert.True(referencedPips.Add(pipId), $"Public IP {pipId} is used twice");
                    Assert.Equal(Str(config!, "id"), RefId(Props(pip), "ipConfiguration"));
                    Assert.True(IPAddress.TryParse(Str(Props(pip), "ipAddress"), out _));
                }
            }
        }
        // A public IP not on a NIC is on a load balancer frontend or a firewall ip configuration, which it names.
        foreach (var lb in Of("Microsoft.Network/loadBalancers"))
        {
            foreach (var frontend in Props(lb)["frontendIPConfigurations"]!.AsArray())
            {
                if (RefId(Props(frontend!), "publicIPAddress") is { } pipId && referencedPips.Add(pipId))
                    Assert.Equal(Str(frontend!, "id"), RefId(Props(Get(pipId, Pip)), "ipConfiguration"));
            }
        }
        foreach (var firewall in Of("Microsoft.Network/azureFirewalls"))
        {
            foreach (var configuration in Props(firewall)["ipConfigurations"]!.AsArray())
            {
                if (RefId(Props(configuration!), "publicIPAddress") is { } pipId && referencedPips.Add(pipId))
                    Assert.Equal(Str(configuration!, "id"), RefId(Props(Get(pipId, Pip)), "ipConfiguration"));
            }
        }
        foreach (var pip in Of(Pip))
            Assert.Contains(Str(pip, "id"), referencedPips);

        foreach (var vm in Of(Vm))
        {
            var nics = NicsOf(vm).ToList();
            Assert.NotEmpty(nics);
            foreach (var nic in nics)
                Assert.Equal(Str(vm, "id"), RefId(Props(nic), "virtualMachine"));
            Assert.Contains(Str(Props(vm)["storageProfile"]!["osDisk"]!, "osType"), new[] { "Windows", "Linux" });
            var statuses = Props(vm)["instanceView"]!["statuses"]!.AsArray().Select(s => Str(s!, "code")).ToList();
            Assert.Contains("ProvisioningState/succeeded", statuses);
            Assert.Contains(statuses, c => c is "PowerState/running" or "PowerState/deallocated" or "PowerState/stopped");
        }

        foreach (var subnet in Subnets.Values)
        {
            if (RefId(Props(subnet), "networkSecurityGroup") is { } nsgId)
                Get(nsgId, Nsg);
        }
        foreach (var nsg in Of(Nsg))
        {
            foreach (var nic in Props(nsg)["networkInterfaces"]?.AsArray() ?? [])
                Assert.Equal(Str(nsg, "id"), RefId(Props(Get(Str(nic!, "id"), Nic)), "networkSecurityGroup"));
            foreach (var subnet in Props(nsg)["subnets"]?.AsArray() ?? [])
                Assert.Equal(Str(nsg, "id"), RefId(Props(Subnets[Str(subnet!, "id")]), "networkSecurityGroup"));
        }

        foreach (var policy in Of(Policy))
        {
            var parts = Str(policy, "id").Split('/');
            Assert.Equal($"/subscriptions/{parts[2]}/resourceGroups/{parts[4]}/providers/Microsoft.Security/locations/{Str(policy, "location")}/jitNetworkAccessPolicies/default",
                Str(policy, "id"));
            Assert.Equal("Basic", Str(policy, "kind"));
            Assert.Equal("Succeeded", Str(Props(policy), "provisioningState"));
            Assert.NotNull(Props(policy)["requests"]);
            foreach (var entry in Props(policy)["virtualMachines"]!.AsArray())
            {
                var vm = Get(Str(entry!, "id"), Vm);
                Assert.Equal(Str(policy, "location"), Str(vm, "location"));
                Assert.Equal(parts[4], Str(vm, "id").Split('/')[4]);
                Assert.NotEmpty(entry!["ports"]!.AsArray());
                AssertJitDenyRule(vm);
            }
        }
    }

    /// <summary>Every NSG in a JIT VM's path carries Defender's deny rule for the VM's private IP.</summary>
    public void AssertJitDenyRule(JsonObject vm)
    {
        var privateIps = NicsOf(vm).SelectMany(n => Props(n)["ipConfigurations"]!.AsArray())
            .Select(c => Str(Props(c!), "privateIPAddress")).ToHashSet(StringComparer.Ordinal);
        var nsgs = NsgsInPath(vm);
        Assert.NotEmpty(nsgs);
        foreach (var nsgId in nsgs)
        {
            var match = CustomRules(Get(nsgId, Nsg)).Where(r =>
            {
                var p = Props(r);
                var destinations = p["destinationAddressPrefixes"]!.AsArray().Select(d => d!.GetValue<string>())
                    .Append(Str(p, "destinationAddressPrefix"));
                return Str(r, "name").StartsWith("SecurityCenter-JITRule_", StringComparison.Ordinal)
                    && Str(p, "access") == "Deny" && destinations.Any(privateIps.Contains)
                    && Str(p, "description") == $"ASC JIT Network Access rule for policy 'default' of VM '{Str(vm, "name")}'.";
            });
            Assert.True(match.Any(), $"No JIT deny rule for {Str(vm, "name")} on {nsgId}");
        }
    }

    public void AssertNsgRules()
    {
        foreach (var nsg in Of(Nsg))
        {
            var defaults = Props(nsg)["defaultSecurityRules"]!.AsArray().Select(r => r!.AsObject()).ToList();
            Assert.Equal(DefaultRuleNames, defaults.Select(r => Str(r, "name")));
            foreach (var d in defaults)
                Assert.Equal($"{Str(nsg, "id")}/defaultSecurityRules/{Str(d, "name")}", Str(d, "id"));
            var rules = CustomRules(nsg).ToList();
            var keys = rules.Select(r => (Str(Props(r), "direction"), Props(r)["priority"]!.GetValue<int>())).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.All(keys, k => Assert.InRange(k.Item2, 100, 4096));
            Assert.Equal(rules.Count, rules.Select(r => Str(r, "name")).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            foreach (var r in rules)
                Assert.Equal($"{Str(nsg, "id")}/securityRules/{Str(r, "name")}", Str(r, "id"));
        }
    }

    private static bool InPrefix(string ip, string prefix)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        var bits = int.Parse(prefix[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var a = ToUInt(IPAddress.Parse(ip));
        var n = ToUInt(IPAddress.Parse(prefix[..slash]));
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (a & mask) == (n & mask);
    }

    private static uint ToUInt(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    /// <summary>shared/ sits beside the repository folder.</summary>
    public static string SharedFolder() => JitDashboard.Testing.RepoPaths.Shared;
}
