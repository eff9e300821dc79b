using System.Text.Json;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Estate.Inventory;
using static JitDashboard.UnitTests.Features.Automation.AutomationTestData;

namespace JitDashboard.UnitTests.Features.Automation;

public sealed class WebhookPayloadReaderTests
{
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/vm-1";

    private static WebhookPayload Read(string json) => WebhookPayloadReader.Read(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void DefenderAssessment_Unhealthy_NamesTheVm_ByKeyNotDisplayName()
    {
        var payload = Read($$$$"""
            {"id":"{{{{Vm}}}}/providers/Microsoft.Security/assessments/805651bc-6ecd-4c73-9b55-97a19d0582d0","name":"805651bc-6ecd-4c73-9b55-97a19d0582d0",
             "type":"Microsoft.Security/assessments",
             "properties":{"displayName":"Renamed by Microsoft","resourceDetails":{"source":"Azure","id":"{{{{Vm}}}}"},"status":{"code":"Unhealthy"}}}
            """);
        Assert.Null(payload.ValidationCode);
        Assert.Equal([Vm], payload.ResourceIds);
    }

    [Fact]
    public void OtherAssessments_AndHealthyOnes_AreIgnored_WithTheReason()
    {
        var other = Read($$$$"""{"name":"00000000-1111-2222-3333-444444444444","properties":{"displayName":"Management ports should be protected by JIT","resourceDetails":{"id":"{{{{Vm}}}}"},"status":{"code":"Unhealthy"}}}""");
        Assert.Empty(other.ResourceIds);
        Assert.Contains("not the JIT recommendation", Assert.Single(other.Ignored));

        var healthy = Read($$$$"""{"name":"805651bc-6ecd-4c73-9b55-97a19d0582d0","properties":{"resourceDetails":{"id":"{{{{Vm}}}}"},"status":{"code":"Healthy"}}}""");
        Assert.Empty(healthy.ResourceIds);
    }

    [Fact]
    public void EventGrid_ValidationHandshake_ReturnsTheCode()
    {
        var payload = Read("""
            [{"id":"2d1781af","topic":"/subscriptions/x","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://rp-eastus2.eventgrid.azure.net/x"},
              "eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2018-01-25T22:12:19.4556811Z","metadataVersion":"1","dataVersion":"1"}]
            """);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", payload.ValidationCode);
    }

    [Fact]
    public void EventGrid_ResourceWriteEvents_NameTheirResources()
    {
        var rule = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-a/providers/Microsoft.Network/networkSecurityGroups/nsg-vm-1/securityRules/open-rdp";
        var payload = Read($$$$"""
            [{"id":"1","subject":"{{{{rule}}}}","eventType":"Microsoft.Resources.ResourceWriteSuccess","data":{"resourceUri":"{{{{rule}}}}","operationName":"Microsoft.Network/networkSecurityGroups/securityRules/write"}},
             {"id":"2","subject":"{{{{Vm}}}}","type":"Microsoft.Resources.ResourceWriteSuccess","data":{}}]
            """);
        Assert.Equal([rule, Vm], payload.ResourceIds);
    }

    [Fact]
    public void NotAnObjectOrArray_IsAnError()
    {
        Assert.NotNull(Read("42").Error);
    }

    [Fact]
    public void ResourceIds_MapToTheVms_TheyConcern()
    {
        var facts = MachineFacts.Empty with { Nics = [new NicView("nic-1", "ipconfig1", "10.0.0.4", "20.0.0.1", "Standard", "default", "nsg-subnet", "nsg-vm-1")] };
        var machines = new[] { Machine("vm-1", facts: facts), Machine("vm-2") };
        var prefix = "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-a/providers";

        Assert.Equal([machines[0].Id.ToLowerInvariant()], WebhookPayloadReader.MachinesFor([$"{prefix}/Microsoft.Network/networkSecurityGroups/nsg-vm-1/securityRules/r"], machines));
        Assert.Equal([machines[1].Id.ToLowerInvariant()], WebhookPayloadReader.MachinesFor([$"{prefix}/Microsoft.Compute/virtualMachines/VM-2/extensions/x"], machines));
        Assert.Empty(WebhookPayloadReader.MachinesFor(["/subscriptions/00000000-0000-0000-0000-00000000000b/resourceGroups/rg-a/providers/Microsoft.Compute/virtualMachines/vm-1"], machines));
    }

    [Fact]
    public void SecretComparison_IsExact()
    {
        Assert.True(AutomationApi.SecretMatches("s3cret-value", "s3cret-value"));
        Assert.False(AutomationApi.SecretMatches("s3cret-valuE", "s3cret-value"));
        Assert.False(AutomationApi.SecretMatches("", "s3cret-value"));
    }
}
