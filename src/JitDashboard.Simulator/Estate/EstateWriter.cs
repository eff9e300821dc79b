using System.Globalization;
using System.Text.Json;

namespace JitDashboard.Simulator.Estate;

/// <summary>Writes each resource record in the exact ARM shape of shared/estates/sample-estate.json.</summary>
internal static partial class EstateWriter
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffK";
    private const string UtcFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    private static readonly (string Name, string Description, string Source, string Destination, string Access, int Priority, string Direction)[] Defaults =
    [
        ("AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Inbound"),
        ("AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer", "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"),
        ("DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"),
        ("AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound"),
        ("AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*", "Internet", "Allow", 65001, "Outbound"),
        ("DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"),
    ];

    private static void Head(Utf8JsonWriter w, string name, string id, string? etag, string type, string location)
    {
        w.WriteString("name", name);
        w.WriteString("id", id);
        if (etag is not null)
            w.WriteString("etag", etag);
        w.WriteString("type", type);
        w.WriteString("location", location);
    }

    private static void Ref(Utf8JsonWriter w, string property, string id)
    {
        w.WriteStartObject(property);
        w.WriteString("id", id);
        w.WriteEndObject();
    }

    private static void RefList(Utf8JsonWriter w, string property, List<string> ids)
    {
        w.WriteStartArray(property);
        foreach (var id in ids)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Empty(Utf8JsonWriter w, string property)
    {
        w.WriteStartArray(property);
        w.WriteEndArray();
    }

    // ARM lists the plural form only when more than one value is given; the singular is then empty.
    private static void SingularPlural(Utf8JsonWriter w, string singular, string plural, string[] values)
    {
        w.WriteString(singular, values.Length == 1 ? values[0] : "");
        w.WriteStartArray(plural);
        if (values.Length > 1)
        {
            foreach (var v in values)
                w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    public static void Vnet(Utf8JsonWriter w, VnetData v)
    {
        var rg = v.Group;
        w.WriteStartObject();
        Head(w, rg.VnetName, v.Id, v.Etag, "Microsoft.Network/virtualNetworks", rg.Location);
        w.WriteStartObject("properties");
        w.WriteString("provisioningState", "Succeeded");
        w.WriteString("resourceGuid", v.ResourceGuid);
        w.WriteStartObject("addressSpace");
        w.WriteStartArray("addressPrefixes");
        w.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"10.{v.Octet}.0.0/16"));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("subnets");
        foreach (var s in rg.Subnets)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("id", s.Id);
            w.WriteString("etag", v.Etag); // sub-resources carry their parent's etag
            w.WriteString("type", "Microsoft.Network/virtualNetworks/subnets");
            w.WriteStartObject("properties");
            w.WriteString("provisioningState", "Succeeded");
            w.WriteString("addressPrefix", s.PrefixBase + ".0/24");
            if (s.Nsg is not null)
                Ref(w, "networkSecurityGroup", s.Nsg.Id);
            Empty(w, "delegations");
            w.WriteString("privateEndpointNetworkPolicies", "Disabled");
            w.WriteString("privateLinkServiceNetworkPolicies", "Enabled");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Empty(w, "virtualNetworkPeerings");
        w.WriteBoolean("enableDdosProtection", false);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Nsg(Utf8JsonWriter w, NsgHandle n)
    {
        w.WriteStartObject();
        Head(w, n.Name, n.Id, n.Etag, "Microsoft.Network/networkSecurityGroups", n.Location);
        w.WriteStartObject("properties");
        w.WriteString("provisioningState", "Succeeded");
        w.WriteString("resourceGuid", n.ResourceGuid);
        w.WriteStartArray("securityRules");
        foreach (var (rule, priority) in n.Rules)
        {
            w.WriteStartObject();
            w.WriteString("name", rule.Name);
            w.WriteString("id", $"{n.Id}/securityRules/{rule.Name}");
            w.WriteString("etag", n.Etag);
            w.WriteString("type", "Microsoft.Network/networkSecurityGroups/securityRules");
            w.WriteStartObject("properties");
            w.WriteString("provisioningState", "Succeeded");
            if (rule.Description is not null)
                w.WriteString("description", rule.Description);
            w.WriteString("protocol", rule.Protocol);
            w.WriteString("sourcePortRange", "*");
            w.WriteString("destinationPortRange", rule.Ports.Length == 1 ? rule.Ports[0] : "");
            // A rule on application security groups carries no address prefix on that side (ARM).
            if (rule.SourceAsgs is { Length: > 0 })
            {
                w.WriteStartArray("sourceAddressPrefixes");
                w.WriteEndArray();
                RefList(w, "sourceApplicationSecurityGroups", [.. rule.SourceAsgs]);
            }
            else
                SingularPlural(w, "sourceAddressPrefix", "sourceAddressPrefixes", rule.Sources);
            if (rule.DestinationAsgs is { Length: > 0 })
            {
                w.WriteStartArray("destinationAddressPrefixes");
                w.WriteEndArray();
                RefList(w, "destinationApplicationSecurityGroups", [.. rule.DestinationAsgs]);
            }
            else
                SingularPlural(w, "destinationAddressPrefix", "destinationAddressPrefixes", rule.Destinations ?? ["*"]);
            Empty(w, "sourcePortRanges");
            w.WriteStartArray("destinationPortRanges");
            if (rule.Ports.Length > 1)
            {
                foreach (var p in rule.Ports)
                    w.WriteStringValue(p);
            }
            w.WriteEndArray();
            w.WriteString("access", rule.Access);
            w.WriteNumber("priority", priority);
            w.WriteString("direction", rule.Direction);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("defaultSecurityRules");
        foreach (var d in Defaults)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("id", $"{n.Id}/defaultSecurityRules/{d.Name}");
            w.WriteString("etag", n.Etag);
            w.WriteString("type", "Microsoft.Network/networkSecurityGroups/defaultSecurityRules");
            w.WriteStartObject("properties");
            w.WriteString("provisioningState", "Succeeded");
            w.WriteString("description", d.Description);
            w.WriteString("protocol", "*");
            w.WriteString("sourcePortRange", "*");
            w.WriteString("destinationPortRange", "*");
            w.WriteString("sourceAddressPrefix", d.Source);
            Empty(w, "sourceAddressPrefixes");
            w.WriteString("destinationAddressPrefix", d.Destination);
            Empty(w, "destinationAddressPrefixes");
            Empty(w, "sourcePortRanges");
            Empty(w, "destinationPortRanges");
            w.WriteString("access", d.Access);
            w.WriteNumber("priority", d.Priority);
            w.WriteString("direction", d.Direction);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // Back-references, as ARM returns them once something is associated.
        if (n.NetworkInterfaces.Count > 0)
            RefList(w, "networkInterfaces", n.NetworkInterfaces);
        if (n.SubnetIds.Count > 0)
            RefList(w, "subnets", n.SubnetIds);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void PublicIp(Utf8JsonWriter w, PublicIpData p)
    {
        w.WriteStartObject();
        Head(w, p.Name, p.Id, p.Etag, "Microsoft.Network/publicIPAddresses", p.Location);
        w.WriteStartObject("sku");
        w.WriteString("name", p.Sku == PublicIpSku.Basic ? "Basic" : "Standard");
        w.WriteString("tier", "Regional");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteString("provisioningState", "Succeeded");
        w.WriteString("resourceGuid", p.ResourceGuid);
        w.WriteString("ipAddress", p.IpAddress);
        w.WriteString("publicIPAddressVersion", "IPv4");
        w.WriteString("publicIPAllocationMethod", p.Static ? "Static" : "Dynamic");
        w.WriteNumber("idleTimeoutInMinutes", 4);
        Empty(w, "ipTags");
        Ref(w, "ipConfiguration", p.IpConfigurationId);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
