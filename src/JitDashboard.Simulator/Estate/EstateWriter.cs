using System.Globalization;
using System.Text.Json;

namespace JitDashboard.Simulator.Estate;

/// <summary>Writes each resource record in the exact ARM shape of shared/estates/sample-estate.json.</summary>
internal static class EstateWriter
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

    public static void Nic(Utf8JsonWriter w, NicHandle n)
    {
        w.WriteStartObject();
        Head(w, n.Name, n.Id, n.Etag, "Microsoft.Network/networkInterfaces", n.Location);
        w.WriteStartObject("properties");
        w.WriteString("provisioningState", "Succeeded");
        w.WriteString("resourceGuid", n.ResourceGuid);
        w.WriteStartArray("ipConfigurations");
        for (var i = 0; i < n.IpConfigs.Count; i++)
        {
            var c = n.IpConfigs[i];
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("id", c.Id);
            w.WriteString("etag", n.Etag);
            w.WriteString("type", "Microsoft.Network/networkInterfaces/ipConfigurations");
            w.WriteStartObject("properties");
            w.WriteString("provisioningState", "Succeeded");
            w.WriteString("privateIPAddress", c.PrivateIp);
            w.WriteString("privateIPAllocationMethod", "Dynamic");
            Ref(w, "subnet", n.Subnet.Id);
            w.WriteBoolean("primary", i == 0);
            w.WriteString("privateIPAddressVersion", "IPv4");
            if (c.PublicIpId is not null)
                Ref(w, "publicIPAddress", c.PublicIpId);
            if (n.IpConfigReferences.TryGetValue(c.Name, out var references))
            {
                foreach (var (property, ids) in references)
                    RefList(w, property, ids);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("dnsSettings");
        Empty(w, "dnsServers");
        Empty(w, "appliedDnsServers");
        w.WriteEndObject();
        w.WriteBoolean("enableAcceleratedNetworking", false);
        w.WriteBoolean("enableIPForwarding", false);
        w.WriteBoolean("primary", n.Primary);
        Ref(w, "virtualMachine", n.VmId);
        w.WriteString("nicType", "Standard");
        if (n.Nsg is not null)
            Ref(w, "networkSecurityGroup", n.Nsg.Id);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Tags(Utf8JsonWriter w, (string Key, string Value)[] tags)
    {
        w.WriteStartObject("tags");
        foreach (var (k, v) in tags)
            w.WriteString(k, v);
        w.WriteEndObject();
    }

    public static void Vm(Utf8JsonWriter w, VmHandle vm)
    {
        var o = vm.Options;
        w.WriteStartObject();
        Head(w, vm.Name, vm.Id, null, "Microsoft.Compute/virtualMachines", vm.Group.Location);
        Tags(w, o.Tags);
        w.WriteStartObject("properties");
        w.WriteString("vmId", vm.VmGuid);
        if (o.Kind == VmKind.ScaleSetInstance)
            Ref(w, "virtualMachineScaleSet", $"{vm.Group.Prefix}/providers/Microsoft.Compute/virtualMachineScaleSets/{o.ScaleSetName ?? "vmss-" + vm.Group.Name}");
        w.WriteStartObject("hardwareProfile");
        w.WriteString("vmSize", o.Size);
        w.WriteEndObject();
        w.WriteStartObject("storageProfile");
        w.WriteStartObject("imageReference");
        w.WriteString("publisher", vm.Image.Publisher);
        w.WriteString("offer", vm.Image.Offer);
        w.WriteString("sku", vm.Image.Sku);
        w.WriteString("version", "latest");
        w.WriteEndObject();
        w.WriteStartObject("osDisk");
        w.WriteString("osType", o.Os == OsKind.Windows ? "Windows" : "Linux");
        w.WriteString("name", vm.Name + "-osdisk");
        w.WriteString("createOption", "FromImage");
        w.WriteString("caching", "ReadWrite");
        w.WriteStartObject("managedDisk");
        w.WriteString("storageAccountType", "Premium_LRS");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("osProfile");
        // Windows computer names stop at 15 characters.
        w.WriteString("computerName", o.Os == OsKind.Windows && vm.Name.Length > 15 ? vm.Name[..15] : vm.Name);
        w.WriteString("adminUsername", "azureuser");
        w.WriteEndObject();
        w.WriteStartObject("networkProfile");
        w.WriteStartArray("networkInterfaces");
        foreach (var nic in vm.Nics)
        {
            w.WriteStartObject();
            w.WriteString("id", nic.Id);
            w.WriteStartObject("properties");
            w.WriteBoolean("primary", nic.Primary);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("provisioningState", "Succeeded");
        w.WriteString("timeCreated", vm.Created.ToString(TimeFormat, CultureInfo.InvariantCulture));
        // As $expand=instanceView returns it; the simulator strips it from plain GETs.
        w.WriteStartObject("instanceView");
        w.WriteStartArray("statuses");
        w.WriteStartObject();
        w.WriteString("code", "ProvisioningState/succeeded");
        w.WriteString("level", "Info");
        w.WriteString("displayStatus", "Provisioning succeeded");
        w.WriteString("time", vm.Created.AddMinutes(3).ToString(TimeFormat, CultureInfo.InvariantCulture));
        w.WriteEndObject();
        var (code, display) = o.Power switch
        {
            PowerState.Deallocated => ("PowerState/deallocated", "VM deallocated"),
            PowerState.Stopped => ("PowerState/stopped", "VM stopped"),
            _ => ("PowerState/running", "VM running"),
        };
        w.WriteStartObject();
        w.WriteString("code", code);
        w.WriteString("level", "Info");
        w.WriteString("displayStatus", display);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>A classic (ASM) VM as ARM lists it under Microsoft.ClassicCompute: no NIC, endpoints instead of NSGs.</summary>
    public static void ClassicVm(Utf8JsonWriter w, VmHandle vm)
    {
        var o = vm.Options;
        var running = o.Power == PowerState.Running;
        w.WriteStartObject();
        Head(w, vm.Name, vm.Id, null, "Microsoft.ClassicCompute/virtualMachines", vm.Group.Location);
        Tags(w, o.Tags);
        w.WriteStartObject("properties");
        w.WriteStartObject("instanceView");
        w.WriteString("status", running ? "ReadyRole" : "StoppedDeallocated");
        w.WriteString("powerState", running ? "Started" : "Stopped");
        w.WriteStartArray("publicIpAddresses");
        w.WriteStringValue(vm.ClassicPublicIp);
        w.WriteEndArray();
        w.WriteString("computerName", vm.Name.Length > 15 ? vm.Name[..15] : vm.Name);
        w.WriteString("fullyQualifiedDomainName", vm.Name + ".cloudapp.net");
        w.WriteEndObject();
        w.WriteStartObject("hardwareProfile");
        w.WriteBoolean("platformGuestAgent", true);
        w.WriteString("size", "Small");
        w.WriteString("deploymentName", vm.Name);
        w.WriteString("deploymentId", vm.ClassicDeploymentId);
        w.WriteString("deploymentLabel", vm.Name);
        w.WriteBoolean("deploymentLocked", false);
        w.WriteEndObject();
        w.WriteStartObject("networkProfile");
        w.WriteStartArray("inputEndpoints");
        Endpoint(w, o.Os == OsKind.Windows ? "RemoteDesktop" : "SSH", o.Os == OsKind.Windows ? 3389 : 22, vm.ClassicPublicPort, vm.ClassicPublicIp);
        if (o.Os == OsKind.Windows)
            Endpoint(w, "PowerShell", 5986, 5986, vm.ClassicPublicIp);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("storageProfile");
        w.WriteStartObject("operatingSystemDisk");
        w.WriteString("osType", o.Os == OsKind.Windows ? "Windows" : "Linux");
        w.WriteString("diskName", vm.Name + "-os");
        w.WriteString("caching", "ReadWrite");
        w.WriteString("ioType", "Standard");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("provisioningState", "Succeeded");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Endpoint(Utf8JsonWriter w, string name, int privatePort, int publicPort, string publicIp)
    {
        w.WriteStartObject();
        w.WriteString("endpointName", name);
        w.WriteNumber("privatePort", privatePort);
        w.WriteNumber("publicPort", publicPort);
        w.WriteString("protocol", "tcp");
        w.WriteBoolean("enableDirectServerReturn", false);
        w.WriteString("publicIpAddress", publicIp);
        w.WriteEndObject();
    }

    public static void Policy(Utf8JsonWriter w, PolicyData p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("name", "default");
        w.WriteString("type", "Microsoft.Security/locations/jitNetworkAccessPolicies");
        w.WriteString("location", p.Group.Location);
        w.WriteString("kind", "Basic");
        w.WriteStartObject("properties");
        w.WriteStartArray("virtualMachines");
        foreach (var (vmId, ports, maxDuration) in p.VirtualMachines)
        {
            w.WriteStartObject();
            w.WriteString("id", vmId);
            w.WriteStartArray("ports");
            foreach (var port in ports)
            {
                w.WriteStartObject();
                w.WriteNumber("number", port);
                w.WriteString("protocol", "*");
                w.WriteString("allowedSourceAddressPrefix", "*");
                w.WriteString("maxRequestAccessDuration", maxDuration);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("requests");
        foreach (var r in p.Requests)
        {
            w.WriteStartObject();
            w.WriteStartArray("virtualMachines");
            w.WriteStartObject();
            w.WriteString("id", r.VmId);
            w.WriteStartArray("ports");
            w.WriteStartObject();
            w.WriteNumber("number", r.Port);
            w.WriteString("allowedSourceAddressPrefix", r.Source);
            w.WriteString("endTimeUtc", r.End.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture));
            w.WriteString("status", r.Status);
            w.WriteString("statusReason", r.StatusReason);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("startTimeUtc", r.Start.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture));
            w.WriteString("requestor", r.Requestor);
            if (r.Justification is not null)
                w.WriteString("justification", r.Justification);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("provisioningState", "Succeeded");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
