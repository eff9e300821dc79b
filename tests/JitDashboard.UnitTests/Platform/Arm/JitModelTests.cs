using System.Text.Json;
using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Arm.Models;

namespace JitDashboard.UnitTests.Platform.Arm;

public class JitModelTests
{
    private const string Vm1 = "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/resourceGroups/myRg1/providers/Microsoft.Compute/virtualMachines/vm1";

    [Theory]
    [InlineData("jit/GetJitNetworkAccessPolicy_example.json")]
    [InlineData("jit/CreateJitNetworkAccessPolicy_example.json")]
    [InlineData("jit/2015-06-01-preview/GetJitNetworkAccessPolicy_example.json")]
    public void Policy_Example_ParsesVmPortsAndDuration(string file)
    {
        var policy = ArmContract.Example<JitNetworkAccessPolicy>(file);

        Assert.Equal("default", policy.Name);
        Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies", policy.Type);
        Assert.Equal("westeurope", policy.Location);
        Assert.Equal("Basic", policy.Kind);
        var vm = Assert.Single(policy.Properties.VirtualMachines);
        Assert.Equal(Vm1, vm.Id);
        Assert.Equal([22, 3389], vm.Ports.Select(p => p.Number).ToArray());
        Assert.All(vm.Ports, p =>
        {
            Assert.Equal("*", p.Protocol);
            Assert.Equal("*", p.AllowedSourceAddressPrefix);
            Assert.Null(p.AllowedSourceAddressPrefixes);
            Assert.Equal("PT3H", p.MaxRequestAccessDuration);
        });
    }

    [Fact]
    public void Policy_GetExample_ParsesItsRequest()
    {
        var policy = ArmContract.Example<JitNetworkAccessPolicy>("jit/GetJitNetworkAccessPolicy_example.json");

        Assert.Equal("Succeeded", policy.Properties.ProvisioningState);
        var request = Assert.Single(policy.Properties.Requests!);
        Assert.Equal("barbara@contoso.com", request.Requestor);
        Assert.Equal("testing a new version of the product", request.Justification);
        Assert.Equal(new DateTimeOffset(2018, 5, 17, 8, 6, 45, TimeSpan.Zero), request.StartTimeUtc.AddTicks(-(request.StartTimeUtc.Ticks % TimeSpan.TicksPerSecond)));
        var port = Assert.Single(Assert.Single(request.VirtualMachines).Ports);
        Assert.Equal(3389, port.Number);
        Assert.Equal("192.127.0.2", port.AllowedSourceAddressPrefix);
        Assert.Equal("Initiated", port.Status);
        Assert.Equal("UserRequested", port.StatusReason);
        Assert.Equal(9, port.EndTimeUtc.Hour);
    }

    [Theory]
    [InlineData("jit/GetJitNetworkAccessPoliciesSubscription_example.json")]
    [InlineData("jit/GetJitNetworkAccessPoliciesResourceGroupLocation_example.json")]
    public void PolicyList_Example_ParsesEveryPolicy(string file)
    {
        var page = ArmContract.Example<ArmPage<JitNetworkAccessPolicy>>(file);

        Assert.NotEmpty(page.Value);
        Assert.Null(page.NextLink);
        Assert.All(page.Value, policy =>
        {
            Assert.Equal("Microsoft.Security/locations/jitNetworkAccessPolicies", policy.Type);
            Assert.NotEmpty(policy.Properties.VirtualMachines);
        });
        Assert.Equal(Vm1, page.Value[0].Properties.VirtualMachines[0].Id);
        Assert.Contains(page.Value[0].Properties.VirtualMachines[0].Ports, p => p.Number == 22 && p.MaxRequestAccessDuration == "PT3H");
    }

    [Theory]
    [InlineData("jit/InitiateJitNetworkAccessPolicy_example.json")]
    [InlineData("jit/2015-06-01-preview/InitiateJitNetworkAccessPolicy_example.json")]
    public void InitiateResponse_Example_IsInitiating(string file)
    {
        var request = ArmContract.Example<JitRequest>(file, "202");

        var vm = Assert.Single(request.VirtualMachines);
        Assert.EndsWith("/virtualMachines/vm1", vm.Id, StringComparison.Ordinal);
        var port = Assert.Single(vm.Ports);
        Assert.Equal(3389, port.Number);
        Assert.Equal("Initiating", port.Status);
        Assert.Equal("UserRequested", port.StatusReason);
        Assert.Equal("192.127.0.2", port.AllowedSourceAddressPrefix);
        Assert.Equal("barbara@contoso.com", request.Requestor);
    }

    [Fact]
    public void InitiateRequest_Example_RoundTripsTheRequestBody()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ArmContract.PathOf("jit/InitiateJitNetworkAccessPolicy_example.json")))!;
        var body = node["parameters"]!["body"]!.ToJsonString();

        var request = ArmContract.Parse<JitInitiateRequest>(body);
        var port = Assert.Single(Assert.Single(request.VirtualMachines).Ports);
        Assert.Equal(3389, port.Number);
        Assert.Equal("192.127.0.2", port.AllowedSourceAddressPrefix);

        var written = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(request, ArmJson.Options))!;
        Assert.Equal("testing a new version of the product", written["justification"]!.GetValue<string>());
        Assert.Equal(3389, written["virtualMachines"]![0]!["ports"]![0]!["number"]!.GetValue<int>());
    }

    [Fact]
    public void Recording_Get_ParsesFourPortsAndRevokedRequests()
    {
        var (_, _, body) = Assert.Single(ArmContract.Recording("sdk-recordings/JitNetworkAccessPolicies_Get.json"));
        var policy = ArmContract.Parse<JitNetworkAccessPolicy>(body!);

        var vm = Assert.Single(policy.Properties.VirtualMachines);
        Assert.Equal("/subscriptions/487bb485-b5b0-471e-9c0d-10717612f869/resourceGroups/myService1/providers/Microsoft.Compute/virtualMachines/testService", vm.Id);
        Assert.Equal([22, 3389, 5985, 5986], vm.Ports.Select(p => p.Number).ToArray());
        Assert.All(vm.Ports, p => Assert.Equal("PT3H", p.MaxRequestAccessDuration));
        Assert.NotEmpty(policy.Properties.Requests!);
        var first = policy.Properties.Requests![0];
        Assert.Equal("", first.Requestor);
        var port = Assert.Single(Assert.Single(first.VirtualMachines).Ports);
        Assert.Equal("Revoked", port.Status);
        Assert.Equal("Expired", port.StatusReason);
        Assert.Equal("167.220.196.64", port.AllowedSourceAddressPrefix);
    }

    [Fact]
    public void Recording_Initiate_IsInitiating()
    {
        var (method, _, body) = Assert.Single(ArmContract.Recording("sdk-recordings/JitNetworkAccessPolicies_Initiate.json"));
        var request = ArmContract.Parse<JitRequest>(body!);

        Assert.Equal("POST", method);
        var port = Assert.Single(Assert.Single(request.VirtualMachines).Ports);
        Assert.Equal(3389, port.Number);
        Assert.Equal("Initiating", port.Status);
        Assert.Equal("167.220.196.64", port.AllowedSourceAddressPrefix);
        Assert.Equal(new DateTimeOffset(2018, 7, 22, 15, 51, 55, TimeSpan.Zero), port.EndTimeUtc.AddTicks(-(port.EndTimeUtc.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Recording_CreateOrUpdate_ParsesTcpPortAndFiveHours()
    {
        var (method, _, body) = Assert.Single(ArmContract.Recording("sdk-recordings/JitNetworkAccessPolicies_CreateOrUpdate.json"));
        var policy = ArmContract.Parse<JitNetworkAccessPolicy>(body!);

        Assert.Equal("PUT", method);
        Assert.Equal("northeurope", policy.Location);
        var port = Assert.Single(Assert.Single(policy.Properties.VirtualMachines).Ports);
        Assert.Equal(8080, port.Number);
        Assert.Equal("TCP", port.Protocol);
        Assert.Equal("192.168.0.5", port.AllowedSourceAddressPrefix);
        Assert.Equal("PT5H", port.MaxRequestAccessDuration);
        Assert.Empty(policy.Properties.Requests!);
    }

    [Fact]
    public void Recording_Track2_PolicyWithUnknownAppendModeParses()
    {
        var jit = ArmContract.Recording("sdk-recordings/track2-JitNetworkAccessPolicyTests-Get.json")
            .Where(e => e.Uri.Contains("jitNetworkAccessPolicies", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(2, jit.Count);
        foreach (var (_, _, body) in jit)
        {
            var policy = ArmContract.Parse<JitNetworkAccessPolicy>(body!);
            Assert.Equal("jit2881", policy.Name);
            Assert.Equal("centralus", policy.Location);
            Assert.Equal("Updating", policy.Properties.ProvisioningState);
            Assert.EndsWith("/virtualMachines/vm2997", Assert.Single(policy.Properties.VirtualMachines).Id, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PortRule_Write_LeavesOutTheUnusedPrefixForm()
    {
        var rule = new JitPortRule { Number = 22, Protocol = "*", AllowedSourceAddressPrefixes = ["10.0.0.0/8", "192.168.1.1"], MaxRequestAccessDuration = "PT3H" };

        var json = JsonSerializer.Serialize(rule, ArmJson.Options);

        Assert.Contains("\"allowedSourceAddressPrefixes\":[\"10.0.0.0/8\",\"192.168.1.1\"]", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"allowedSourceAddressPrefix\":", json, StringComparison.Ordinal);
        Assert.Contains("\"maxRequestAccessDuration\":\"PT3H\"", json, StringComparison.Ordinal);
    }
}
