using JitDashboard.Simulator.Tests;
using JitDashboard.Simulator.Tests.Arm;
using JitDashboard.Simulator.Tests.Defender;
using JitDashboard.Simulator.Tests.Estate;
using JitDashboard.Simulator.Tests.State;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using static JitDashboard.Simulator.Tests.SimFixture;

namespace JitDashboard.Simulator.Tests.Sdk;

/// <summary>The app's Azure SDK talks to the simulator as it would to ARM.</summary>
public sealed class AzureSdkTests
{
    private static ArmClient Client(SimFixture sim) => new(JitDashboard.DevHost.SimulatorCredential.Create(sim.Host.BaseUri, sim.Host.Certificate), SampleSub, new ArmClientOptions
    {
        Environment = new ArmEnvironment(sim.Host.BaseUri, "https://management.azure.com/"),
        Transport = new HttpClientTransport(sim.Host.CreateHttpHandler()),
    });

    [Fact]
    public async Task ArmClient_ListsSubscriptionsAndVms_AndGetsInstanceView()
    {
        await using var sim = await StartAsync(configure: o => o.PageSize = 2);
        var client = Client(sim);
        var subscriptions = new List<string>();
        await foreach (var s in client.GetSubscriptions().GetAllAsync())
            subscriptions.Add(s.Data.SubscriptionId);
        Assert.Equal([SampleSub], subscriptions);

        var names = new List<string>();
        var subscription = client.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(SampleSub));
        await foreach (var vm in subscription.GetVirtualMachinesAsync())
            names.Add(vm.Data.Name);
        Assert.Equal(4, names.Count); // two pages of two, through nextLink

        var id = VirtualMachineResource.CreateResourceIdentifier(SampleSub, "rg-sample", "vm-web-ssh-open");
        var withView = await client.GetVirtualMachineResource(id).GetAsync(InstanceViewType.InstanceView);
        Assert.Contains(withView.Value.Data.InstanceView.Statuses, s => s.Code == "PowerState/running");
        Assert.NotEmpty(withView.Value.Data.NetworkProfile.NetworkInterfaces);
    }
}
