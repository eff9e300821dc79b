using System.Net;
using System.Text.Json.Nodes;
using JitDashboard.Simulator.State;

namespace JitDashboard.Simulator.Defender;

/// <summary>DESIGN.md "Exposure semantics", as Defender sees them: is a port open to any Internet address?</summary>
public static class Exposure
{
    public static readonly int[] ManagementPorts = [22, 3389, 5985, 5986];

    /// <summary>The VM's ip configurations (primary NIC and primary ip configuration first).</summary>
    public static List<VmPath> Paths(SimulatorState state, JsonObject vm)
    {
        var paths = new List<VmPath>();
        var nicRefs = vm["properties"]?["networkProfile"]?["networkInterfaces"] as JsonArray ?? [];
        foreach (var nicRef in nicRefs.OfType<JsonObject>())
        {
            if (state.Get((string?)nicRef["id"] ?? "") is not { } nic)
                continue;
            var nicPrimary = (bool?)nicRef["properties"]?["primary"] ?? (bool?)nic["properties"]?["primary"] ?? nicRefs.Count == 1;
            var nicNsg = Ref(state, nic["properties"]?["networkSecurityGroup"]);
            foreach (var ipc in (nic["properties"]?["ipConfigurations"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var p = ipc["properties"];
                var subnet = state.GetSubnet((string?)p?["subnet"]?["id"] ?? "");
                var subnetNsg = Ref(state, subnet?["properties"]?["networkSecurityGroup"]);
                var primary = nicPrimary && ((bool?)p?["primary"] ?? true);
                paths.Add(new VmPath((string?)p?["privateIPAddress"], Ref(state, p?["publicIPAddress"]), subnetNsg, nicNsg, primary)
                {
                    Asgs = (p?["applicationSecurityGroups"] as JsonArray ?? []).OfType<JsonObject>()
                        .Select(a => ArmId.Key((string?)a["id"] ?? "")).ToHashSet(),
                });
            }
        }
        return paths.OrderByDescending(p => p.Primary).ToList();
    }

    private static JsonObject? Ref(SimulatorState state, JsonNode? reference)
        => (string?)reference?["id"] is { } id ? state.Get(id) : null;

    public static string? PrimaryPrivateIp(List<VmPath> paths) => paths.FirstOrDefault()?.PrivateIp;

    /// <summary>True when some Internet address reaches the port over TCP.</summary>
    public static bool IsOpen(List<VmPath> paths, int port)
    {
        foreach (var path in paths.Where(p => p.PublicIp is not null))
        {
            if (path.SubnetNsg is null && path.NicNsg is null)
            {
                // No NSG anywhere: Basic public IPs are open by default, Standard ones closed.
                var sku = (string?)path.PublicIp!["sku"]?["name"] ?? "Basic";
                if (sku.Equals("Basic", StringComparison.OrdinalIgnoreCase))
                    return true;
                continue;
            }
            if ((path.SubnetNsg is null || AllowsInternet(path.SubnetNsg, port, path.PrivateIp, path.Asgs))
                && (path.NicNsg is null || AllowsInternet(path.NicNsg, port, path.PrivateIp, path.Asgs)))
                return true;
        }
        return false;
    }

    public static bool AnyManagementPortOpen(List<VmPath> paths) => ManagementPorts.Any(p => IsOpen(paths, p));

    /// <summary>First matching inbound rule for "any Internet address" decides (rules for narrower sources do not apply to it).</summary>
    public static bool AllowsInternet(JsonObject nsg, int port, string? privateIp, IReadOnlySet<string>? asgs = null)
    {
        foreach (var rule in InboundRules(nsg))
        {
            var p = rule["properties"]!;
            // A destination-ASG rule applies to member ip configurations only.
            var asgRule = p["destinationApplicationSecurityGroups"] is JsonArray { Count: > 0 } destinations;
            if (asgRule && !((JsonArray)p["destinationApplicationSecurityGroups"]!).OfType<JsonObject>().Any(a => asgs?.Contains(ArmId.Key((string?)a["id"] ?? "")) == true))
                continue;
            if (!(asgRule ? Matches(p, port, "Tcp", "*") || MatchesPortAndProtocol(p, port) : Matches(p, port, "Tcp", privateIp)) || !SourceIsInternet(p))
                continue;
            return string.Equals((string?)p["access"], "Allow", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    private static bool MatchesPortAndProtocol(JsonNode p, int port)
    {
        var proto = (string?)p["protocol"] ?? "*";
        return (proto == "*" || proto.Equals("Tcp", StringComparison.OrdinalIgnoreCase))
            && Values(p, "destinationPortRange", "destinationPortRanges").Any(r => PortInRange(r, port));
    }

    /// <summary>Custom and default inbound rules by ascending priority.</summary>
    public static IEnumerable<JsonObject> InboundRules(JsonObject nsg)
    {
        var props = nsg["properties"]!;
        return (props["securityRules"] as JsonArray ?? []).Concat(props["defaultSecurityRules"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(r => string.Equals((string?)r["properties"]?["direction"], "Inbound", StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => (int?)r["properties"]?["priority"] ?? int.MaxValue);
    }

    /// <summary>Protocol, destination port and destination address match (source not considered).</summary>
    public static bool Matches(JsonNode p, int port, string protocol, string? privateIp)
    {
        var proto = (string?)p["protocol"] ?? "*";
        if (proto != "*" && protocol != "*" && !proto.Equals(protocol, StringComparison.OrdinalIgnoreCase))
            return false;
        if (!Values(p, "destinationPortRange", "destinationPortRanges").Any(r => PortInRange(r, port)))
            return false;
        return Values(p, "destinationAddressPrefix", "destinationAddressPrefixes").Any(d => AddressMatches(d, privateIp));
    }

    public static bool SourceIsInternet(JsonNode p)
        => Values(p, "sourceAddressPrefix", "sourceAddressPrefixes").Any(IsInternet);

    public static bool IsInternet(string prefix)
        => prefix is "*" or "0.0.0.0/0" or "::/0" || prefix.Equals("Internet", StringComparison.OrdinalIgnoreCase) || prefix.Equals("Any", StringComparison.OrdinalIgnoreCase);

    public static IEnumerable<string> Values(JsonNode p, string singular, string plural)
    {
        if (p[singular] is JsonValue v && (string?)v is { Length: > 0 } s)
            yield return s;
        foreach (var item in (p[plural] as JsonArray ?? []).OfType<JsonValue>())
        {
            if ((string?)item is { Length: > 0 } i)
                yield return i;
        }
    }

    public static bool PortInRange(string range, int port)
    {
        range = range.Trim();
        if (range == "*")
            return true;
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
            return int.TryParse(range[..dash], out var lo) && int.TryParse(range[(dash + 1)..], out var hi) && port >= lo && port <= hi;
        return int.TryParse(range, out var single) && single == port;
    }

    private static bool AddressMatches(string prefix, string? ip)
    {
        if (prefix == "*" || prefix.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase) || prefix.Equals("Any", StringComparison.OrdinalIgnoreCase))
            return true;
        return ip is not null && PrefixContains(prefix, ip);
    }

    /// <summary>Whether a CIDR prefix (or a single address) contains an address or a narrower prefix.</summary>
    public static bool PrefixContains(string prefix, string addressOrPrefix)
    {
        if (IsInternet(prefix))
            return true;
        if (!TryNetwork(prefix, out var outer) || !TryNetwork(addressOrPrefix, out var inner))
            return string.Equals(prefix, addressOrPrefix, StringComparison.OrdinalIgnoreCase);
        return inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);
    }

    private static bool TryNetwork(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        // Non-canonical prefixes (host bits set) are common in NSGs: mask them instead of failing.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(text[..slash], out var baseAddress) && int.TryParse(text[(slash + 1)..], out var length))
        {
            var bytes = baseAddress.GetAddressBytes();
            var max = bytes.Length * 8;
            if (length < 0 || length > max)
            {
                network = default;
                return false;
            }
            for (var bit = length; bit < max; bit++)
                bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
            network = new IPNetwork(new IPAddress(bytes), length);
            return true;
        }
        network = default;
        return false;
    }
}
