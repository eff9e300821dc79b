using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JitDashboard.Simulator.Estate;

/// <summary>
/// Builds an estate file (public contract 1) resource by resource, in the exact shapes of
/// shared/estates/sample-estate.json. Every GUID, etag and time comes from the seeded RNG or a fixed
/// base date, so the same calls give byte-identical JSON.
/// </summary>
/// <remarks>
/// Resources are kept as small records and written once with <see cref="Utf8JsonWriter"/>, then parsed
/// into a (lazily materialised) <see cref="JsonObject"/>: building millions of JsonNodes directly was
/// several times too slow for 10,000 VMs.
/// </remarks>
public sealed partial class EstateBuilder
{
    /// <summary>Fixed "now" for creation and status times: real time would break determinism.</summary>
    public static readonly DateTimeOffset BaseTime = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public const string OfficePrefix = "203.0.113.0/24";
    public const string AdminHost = "198.51.100.10/32";

    private static readonly int[] PublicFirstOctets = [20, 40, 52, 13];

    private readonly List<(string Id, string DisplayName, JsonObject? Conditions)> _subscriptions = [];
    private readonly List<object> _resources = [];
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

    /// <summary>
    /// Adds a subscription; <paramref name="conditions"/> holds its partial states as the estate file writes them
    /// (<c>state</c>, <c>deniedActions</c>, ...: see SubscriptionConditions). Without them it is healthy, except that
    /// Microsoft.ClassicCompute is unregistered unless it holds classic VMs.
    /// </summary>
    public string AddSubscription(string displayName, string? subscriptionId = null, JsonObject? conditions = null)
    {
        var id = subscriptionId ?? NewGuid();
        _subscriptions.Add((id, displayName, conditions));
        return id;
    }

    /// <summary>Adds the resource group's VNet (10.{octet}.0.0/16) with one /24 per subnet, and an NSG on each subnet flagged so.</summary>
    public ResourceGroupHandle AddResourceGroup(string subscriptionId, string name, string location, int vnetOctet,
        IReadOnlyList<(string Name, bool Nsg)> subnets)
    {
        var rg = new ResourceGroupHandle(subscriptionId, name, location, $"vnet-{name}");
        var vnetId = $"{rg.Prefix}/providers/Microsoft.Network/virtualNetworks/{rg.VnetName}";
        for (var i = 0; i < subnets.Count; i++)
        {
            var (subnetName, withNsg) = subnets[i];
            var subnetId = $"{vnetId}/subnets/{subnetName}";
            var nsg = withNsg ? AddNsg(rg, $"nsg-{rg.VnetName}-{subnetName}") : null;
            nsg?.SubnetIds.Add(subnetId);
            rg.Subnets.Add(new SubnetHandle(subnetName, subnetId, $"10.{vnetOctet}.{i + 1}", nsg));
        }
        _resources.Add(new VnetData(rg, vnetId, NewEtag(), NewGuid(), vnetOctet));
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
        var nsg = new NsgHandle(name, id, NewEtag(), rg.Location, NewGuid());
        _resources.Add(nsg);
        return nsg;
    }

    /// <summary>Adds a custom rule; priority 0 picks the next free one 10 above the previous rule.</summary>
    public int AddRule(NsgHandle nsg, RuleSpec rule)
    {
        var priority = rule.Priority > 0 ? rule.Priority : nsg.FreePriority(nsg.LastPriority + 10);
        if (!nsg.Priorities.Add(priority))
            throw new InvalidOperationException($"Priority {priority} is already used in {nsg.Name}.");
        if (rule.Priority == 0)
            nsg.LastPriority = priority;
        nsg.Rules.Add(new RuleData(rule, priority));
        return priority;
    }

    public VmHandle AddVm(ResourceGroupHandle rg, VmOptions o)
    {
        if (o.Name.Length > 40)
            throw new ArgumentException($"VM name '{o.Name}' is longer than 40 characters.", nameof(o));
        rg.Names.Add(o.Name);
        VmCount++;
        if (o.Kind == VmKind.Classic)
        {
            var classic = new VmHandle(o.Name, $"{rg.Prefix}/providers/Microsoft.ClassicCompute/virtualMachines/{o.Name}", rg, o)
            {
                ClassicPublicIp = NextPublicIp(),
                ClassicPublicPort = Random.Next(50000, 65000),
                ClassicDeploymentId = NewGuid().Replace("-", "", StringComparison.Ordinal),
            };
            _resources.Add(classic);
            return classic;
        }

        var vmId = $"{rg.Prefix}/providers/Microsoft.Compute/virtualMachines/{o.Name}";
        var subnet = rg.Subnets[o.SubnetIndex];
        var nicNsg = o.NicNsg ? AddNsg(rg, $"nsg-{o.Name}-nic") : null;
        var vm = new VmHandle(o.Name, vmId, rg, o) { NicNsg = nicNsg };

        var nicCount = o.SecondNic ? 2 : 1;
        for (var n = 0; n < nicCount; n++)
        {
            var nicName = n == 0 ? $"{o.Name}-nic" : $"{o.Name}-nic{n + 1}";
            var nicId = $"{rg.Prefix}/providers/Microsoft.Network/networkInterfaces/{nicName}";
            var nic = new NicHandle(nicName, nicId, subnet, nicNsg)
            {
                Etag = NewEtag(),
                ResourceGuid = NewGuid(),
                Location = rg.Location,
                VmId = vmId,
                Primary = n == 0,
            };
            var configs = n == 0 && o.SecondIpConfig ? 2 : 1;
            for (var i = 0; i < configs; i++)
            {
                var configName = i == 0 ? "ipconfig1" : "ipconfig2";
                var configId = $"{nicId}/ipConfigurations/{configName}";
                if (subnet.NextHost > 254)
                    throw new InvalidOperationException($"Subnet {subnet.Id} is full.");
                var privateIp = string.Create(CultureInfo.InvariantCulture, $"{subnet.PrefixBase}.{subnet.NextHost++}");
                var sku = n > 0 ? PublicIpSku.None : i == 0 ? o.PublicIp : o.SecondIpConfigPublicIp;
                string? pipId = null;
                if (sku != PublicIpSku.None)
                {
                    var pipName = n == 0 && i == 0 ? $"{o.Name}-pip" : $"{nicName}-{configName}-pip";
                    pipId = $"{rg.Prefix}/providers/Microsoft.Network/publicIPAddresses/{pipName}";
                    // Standard is always Static; old Basic addresses were often Dynamic.
                    _resources.Add(new PublicIpData(pipName, pipId, NewEtag(), rg.Location, sku, NewGuid(), NextPublicIp(),
                        sku == PublicIpSku.Standard || Random.Next(2) == 0, configId));
                }
                nic.PrivateIps.Add(privateIp);
                nic.IpConfigs.Add(new IpConfigData(configName, configId, privateIp, pipId));
            }
            nicNsg?.NetworkInterfaces.Add(nicId);
            _resources.Add(nic);
            vm.Nics.Add(nic);
        }

        vm.Image = o.Image ?? (o.Os == OsKind.Windows
            ? ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition")
            : ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"));
        rg.Vms.Add(vm);
        vm.VmGuid = NewGuid();
        vm.Created = BaseTime.AddMinutes(-Random.Next(60 * 24 * 30, 60 * 24 * 900));
        _resources.Add(vm);
        return vm;
    }

    /// <summary>Unique addresses in Azure-looking ranges (20.x, 40.x, 52.x, 13.x).</summary>
    private string NextPublicIp()
    {
        var n = _publicIpCounter++;
        var first = PublicFirstOctets[n % PublicFirstOctets.Length];
        var m = n / PublicFirstOctets.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{first}.{10 + (m / 64516 % 200)}.{m / 254 % 254}.{(m % 254) + 1}");
    }

    private PolicyData Policy(ResourceGroupHandle rg)
    {
        if (rg.Policy is null)
        {
            rg.Policy = new PolicyData(rg);
            _resources.Add(rg.Policy);
        }
        return rg.Policy;
    }

    /// <summary>
    /// Puts the VM in its resource group's <c>default</c> policy and leaves Defender's deny rule
    /// (priority 1000 or the next free) on each NSG in its path, destination its private IP(s).
    /// </summary>
    public void EnableJit(VmHandle vm, IReadOnlyList<int> ports, string maxDuration = "PT3H")
    {
        Policy(vm.Group).VirtualMachines.Add((vm.Id, ports, maxDuration));
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
        Policy(vm.Group).Requests.Add(new JitRequestData(vm.Id, port, source, requestor, start, end, status, statusReason, justification));
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

    /// <summary>The estate file as UTF-8 JSON (compact, deterministic).</summary>
    public ReadOnlyMemory<byte> BuildUtf8()
    {
        // Sized up front: growing by doubling copied and allocated several times the output.
        long estimate = 1 << 16;
        foreach (var r in _resources)
            estimate += r is NsgHandle n ? 5600 + (800 * n.Rules.Count) : r is JsonObject ? 6000 : 2200;
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(estimate, Array.MaxLength / 2));
        // Relaxed escaping keeps etags as W/\"...\" and quotes in descriptions readable.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("subscriptions");
            foreach (var (id, displayName, conditions) in _subscriptions)
            {
                w.WriteStartObject();
                w.WriteString("subscriptionId", id);
                w.WriteString("displayName", displayName);
                foreach (var (key, value) in conditions ?? [])
                {
                    w.WritePropertyName(key);
                    if (value is null)
                        w.WriteNullValue();
                    else
                        value.WriteTo(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("resources");
            foreach (var resource in _resources)
            {
                switch (resource)
                {
                    case VnetData v: EstateWriter.Vnet(w, v); break;
                    case NsgHandle n: EstateWriter.Nsg(w, n); break;
                    case PublicIpData p: EstateWriter.PublicIp(w, p); break;
                    case NicHandle n: EstateWriter.Nic(w, n); break;
                    case VmHandle v when v.Options.Kind == VmKind.Classic: EstateWriter.ClassicVm(w, v); break;
                    case VmHandle v: EstateWriter.Vm(w, v); break;
                    case PolicyData p: EstateWriter.Policy(w, p); break;
                    case JsonObject raw: raw.WriteTo(w); break;
                    default: throw new InvalidOperationException($"Unknown resource record {resource.GetType().Name}.");
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>The estate file as a JsonObject; nodes materialise lazily as they are read.</summary>
    public JsonObject Build()
    {
        // The document keeps a reference to the bytes (no copy) and must stay alive with the nodes.
        var document = JsonDocument.Parse(BuildUtf8());
        return JsonObject.Create(document.RootElement)!;
    }
}
