using System.Reflection;
using System.Text.Json;
using Azure.ResourceManager.Compute;
using JitDashboard.Platform.Arm;

namespace JitDashboard.UnitTests.Platform.Arm;

public class ComputeMappingTests
{
    private const string SubscriptionId = "00000000-0000-0000-0000-000000000001";

    [Fact]
    public void Map_GetExample_TakesNameSizeOsNicsAndTags()
    {
        var data = Sdk<VirtualMachineData>(ArmContract.ExampleBody("compute/VirtualMachine_Get.json"));

        var vm = ComputeClient.Map(data);

        Assert.Equal("myVM", vm.Name);
        Assert.Equal("myResourceGroup", vm.ResourceGroup);
        Assert.Equal(SubscriptionId, vm.SubscriptionId);
        Assert.Equal("Standard_DS3_v2", vm.VmSize);
        Assert.Equal("Windows", vm.OsType);
        Assert.EndsWith("/networkInterfaces/myNIC", Assert.Single(vm.NicIds), StringComparison.Ordinal);
        Assert.Equal("tagValue1", vm.Tags["myTag1"]);
        Assert.Null(vm.ScaleSetId);
        Assert.Null(vm.PowerState);
    }

    [Fact]
    public void PowerStateOf_InstanceViewExample_IsRunning()
    {
        var view = Sdk<global::Azure.ResourceManager.Compute.Models.VirtualMachineInstanceView>(
            ArmContract.ExampleBody("compute/VirtualMachine_Get_InstanceView.json"));

        Assert.Equal("running", ComputeClient.PowerStateOf(view));
    }

    [Fact]
    public void Map_ListExample_MapsEveryVm()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(ArmContract.ExampleBody("compute/VirtualMachine_ListBySubscription_ByLocation.json"))!;
        var vms = node["value"]!.AsArray()
            .Select(v => ComputeClient.Map(Sdk<VirtualMachineData>(v!.ToJsonString())))
            .ToList();

        Assert.Equal(2, vms.Count);
        Assert.All(vms, vm => Assert.Equal("Standard_A0", vm.VmSize));
    }

    /// <summary>Compute 1.2.0 models predate ModelReaderWriter: use the SDK's own (internal) deserializer, as its list calls do.</summary>
    private static T Sdk<T>(string json)
    {
        var method = typeof(T).GetMethod("Deserialize" + typeof(T).Name, BindingFlags.NonPublic | BindingFlags.Static)!;
        // The examples hold placeholders such as http://{storageAccount}.blob..., which are not valid URIs.
        json = System.Text.RegularExpressions.Regex.Replace(json, @"\{subscription-?[iI]d\}", SubscriptionId);
        json = System.Text.RegularExpressions.Regex.Replace(json, @"\{([A-Za-z-]+)\}", "$1");
        using var document = JsonDocument.Parse(json);
        var arguments = method.GetParameters().Length == 1 ? new object?[] { document.RootElement } : [document.RootElement, null];
        return (T)method.Invoke(null, arguments)!;
    }
}
