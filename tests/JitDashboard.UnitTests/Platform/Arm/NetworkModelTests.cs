using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.UnitTests.Platform.Arm;

public class NetworkModelTests
{
    [Fact]
    public void Nsg_Example_ParsesCustomAndDefaultRules()
    {
        var nsg = ArmContract.Example<NetworkSecurityGroup>("network/NetworkSecurityGroupGet.json");

        Assert.Equal("testnsg", nsg.Name);
        Assert.Equal("westus", nsg.Location);
        var rule = Assert.Single(nsg.Properties.SecurityRules);
        Assert.Equal("rule1", rule.Name);
        Assert.Equal("80", rule.Properties.DestinationPortRange);
        Assert.Equal("Allow", rule.Properties.Access);
        Assert.Equal(130, rule.Properties.Priority);
        Assert.Equal("Inbound", rule.Properties.Direction);
        Assert.Equal("*", rule.Properties.SourceAddressPrefix);

        var defaults = nsg.Properties.DefaultSecurityRules!;
        Assert.Equal(6, defaults.Count);
        var denyAll = Assert.Single(defaults, r => r.Name == "DenyAllInBound");
        Assert.Equal(65500, denyAll.Properties.Priority);
        Assert.Equal("Deny", denyAll.Properties.Access);
        Assert.Equal("VirtualNetwork", Assert.Single(defaults, r => r.Name == "AllowVnetInBound").Properties.SourceAddressPrefix);
        Assert.Equal(65001, Assert.Single(defaults, r => r.Name == "AllowAzureLoadBalancerInBound").Properties.Priority);
    }

    [Fact]
    public void Nic_Example_ParsesIpConfigurationsNsgAndVm()
    {
        var nic = ArmContract.Example<NetworkInterface>("network/NetworkInterfaceGet.json");

        Assert.Equal("test-nic", nic.Name);
        Assert.Equal("Microsoft.Network/networkInterfaces", nic.Type);
        Assert.Equal("/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg", nic.Properties.NetworkSecurityGroup!.Id);
        Assert.Equal("/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1", nic.Properties.VirtualMachine!.Id);
        Assert.Equal(2, nic.Properties.IpConfigurations.Count);
        var primary = nic.Properties.IpConfigurations[0].Properties;
        Assert.Equal("172.20.2.4", primary.PrivateIPAddress);
        Assert.True(primary.Primary);
        Assert.Equal("/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/test-ip", primary.PublicIPAddress!.Id);
        Assert.EndsWith("/virtualNetworks/rg1-vnet/subnets/default", primary.Subnet!.Id, StringComparison.Ordinal);
        Assert.Null(nic.Properties.IpConfigurations[1].Properties.PublicIPAddress);
    }

    [Fact]
    public void PublicIp_Examples_ParseSkuAndBackReference()
    {
        var basic = ArmContract.Example<PublicIpAddress>("network/PublicIpAddressGet.json");
        Assert.Null(basic.Sku);
        Assert.Equal("Dynamic", basic.Properties.PublicIPAllocationMethod);
        Assert.Equal(4, basic.Properties.IdleTimeoutInMinutes);
        Assert.EndsWith("/networkInterfaces/testDNS649/ipConfigurations/ipconfig1", basic.Properties.IpConfiguration!.Id, StringComparison.Ordinal);

        foreach (var status in new[] { "200", "201" })
        {
            var standard = ArmContract.Example<PublicIpAddress>("network/PublicIpAddressCreateCustomizedValues.json", status);
            Assert.Equal("Standard", standard.Sku!.Name);
            Assert.Equal("Global", standard.Sku.Tier);
            Assert.Equal("Static", standard.Properties.PublicIPAllocationMethod);
        }
    }

    [Fact]
    public void Subnet_Example_ParsesPrefixWithoutNsg()
    {
        var subnet = ArmContract.Example<Subnet>("network/SubnetGet.json");

        Assert.Equal("subnet1", subnet.Name);
        Assert.Equal("10.0.0.0/16", subnet.Properties.AddressPrefix);
        Assert.Null(subnet.Properties.NetworkSecurityGroup);
    }

    [Fact]
    public void Recording_Track2_ParsesEveryNetworkResource()
    {
        var entries = ArmContract.Recording("sdk-recordings/track2-JitNetworkAccessPolicyTests-Get.json")
            .Where(e => e.Method == "GET" && e.Body is not null).ToList();

        var nsg = ArmContract.Parse<NetworkSecurityGroup>(entries.Single(e => e.Uri.Contains("/networkSecurityGroups/nsg4452?", StringComparison.Ordinal)).Body!);
        Assert.Equal("Succeeded", nsg.Properties.ProvisioningState);
        Assert.StartsWith("W/\"", nsg.Etag, StringComparison.Ordinal);
        Assert.Contains(nsg.Properties.DefaultSecurityRules!, r => r.Name == "DenyAllInBound" && r.Properties.SourcePortRanges is { Count: 0 });

        var vnet = ArmContract.Parse<VirtualNetwork>(entries.Single(e => e.Uri.Contains("/virtualNetworks/vnet362?", StringComparison.Ordinal)).Body!);
        Assert.Equal(["subnet1", "subnet2"], vnet.Properties.Subnets.Select(s => s.Name ?? "").ToArray());
        var vnetSubnet = vnet.Properties.Subnets[0];
        Assert.Null(vnet.Properties.Subnets[1].Properties.NetworkSecurityGroup);
        Assert.Equal("10.10.1.0/24", vnetSubnet.Properties.AddressPrefix);
        Assert.EndsWith("/networkSecurityGroups/nsg4452", vnetSubnet.Properties.NetworkSecurityGroup!.Id, StringComparison.Ordinal);
        Assert.NotEmpty(vnet.Properties.AddressSpace!.AddressPrefixes);

        var subnets = ArmContract.Parse<ArmPage<Subnet>>(entries.Single(e => e.Uri.Contains("/subnets?", StringComparison.Ordinal)).Body!);
        Assert.Equal(2, subnets.Value.Count);
        Assert.Equal("10.10.2.0/24", subnets.Value[1].Properties.AddressPrefix);

        var ip = ArmContract.Parse<PublicIpAddress>(entries.Single(e => e.Uri.Contains("/publicIPAddresses/publicIP2885?", StringComparison.Ordinal)).Body!);
        Assert.Equal("publicIP2885", ip.Name);
        Assert.Equal("Succeeded", ip.Properties.ProvisioningState);

        var nic = ArmContract.Parse<NetworkInterface>(entries.Single(e => e.Uri.Contains("/networkInterfaces/networkInterface8429?", StringComparison.Ordinal)).Body!);
        var ipConfiguration = Assert.Single(nic.Properties.IpConfigurations);
        Assert.EndsWith("/publicIPAddresses/publicIP2885", ipConfiguration.Properties.PublicIPAddress!.Id, StringComparison.Ordinal);
        Assert.EndsWith("/subnets/subnet1", ipConfiguration.Properties.Subnet!.Id, StringComparison.Ordinal);
    }
}
