using System.Globalization;
using System.Text.Json;

namespace JitDashboard.Simulator.Estate;

/// <summary>The rest of <see cref="EstateWriter"/> (one class, two files to keep each short).</summary>
internal static partial class EstateWriter
{
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
