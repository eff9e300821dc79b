using JitDashboard.Platform.Arm;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.IntegrationTests.Platform.Estate;

/// <summary>
/// A subscription's inventory keeps each id once (issue 18, memory): the lists that name another resource hold the
/// very string the named resource's own list read, across the SDK's VM list and the REST lists alike.
/// </summary>
public sealed class InventoryIdsAgainstSimulatorTests
{
    [Fact]
    public async Task TheListsOfOneLoad_ShareEachIdInstance_AndTheScopeEndsWithTheLoad()
    {
        await using var host = await DashboardHost.StartAsync();
        var subscriptions = await host.Services.GetRequiredService<ISubscriptionsClient>().ListAsync().ToListAsync();
        var source = host.Services.GetRequiredService<IInventorySource>();

        // A subscription whose lists name each other all ways (Defender on: it has assessments).
        SubscriptionInventory? inventory = null;
        foreach (var subscription in subscriptions.Where(s => s.State == "Enabled"))
        {
            inventory = await source.LoadAsync(subscription, CancellationToken.None);
            Assert.Null(IdScope.Current);
            if (inventory.Assessments.Count > 0 && inventory.PublicIpAddresses.Count > 0) break;
        }
        Assert.NotNull(inventory);

        var vmIds = inventory.VirtualMachines.ToDictionary(v => v.Id, v => v.Id, StringComparer.Ordinal);
        var ipConfigurations = inventory.NetworkInterfaces.SelectMany(n => n.Properties.IpConfigurations).Where(c => c.Id is not null)
            .ToDictionary(c => c.Id!, c => c.Id!, StringComparer.Ordinal);
        Assert.NotEmpty(vmIds);

        var assessed = inventory.Assessments.Select(a => a.Properties.ResourceDetails?.Id).OfType<string>().Where(vmIds.ContainsKey).ToList();
        Assert.NotEmpty(assessed);
        Assert.All(assessed, id => Assert.Same(vmIds[id], id));

        var attached = inventory.NetworkInterfaces.Select(n => n.Properties.VirtualMachine?.Id).OfType<string>().Where(vmIds.ContainsKey).ToList();
        Assert.NotEmpty(attached);
        Assert.All(attached, id => Assert.Same(vmIds[id], id));

        var nicIds = inventory.NetworkInterfaces.Where(n => n.Id is not null).ToDictionary(n => n.Id!, n => n.Id!, StringComparer.Ordinal);
        var named = inventory.VirtualMachines.SelectMany(v => v.NicIds).Where(nicIds.ContainsKey).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, id => Assert.Same(nicIds[id], id));

        // None of them went to the shared pool, which would keep them after the estate drops them (and, at 100,000
        // VMs, push out the values it is there for).
        Assert.All(vmIds.Keys.Concat(nicIds.Keys).Take(50), id => Assert.NotSame(id, StringPool.Shared.Get(new string(id.AsSpan()))));

        var backReferences = inventory.PublicIpAddresses.Select(p => p.Properties.IpConfiguration?.Id).OfType<string>().Where(ipConfigurations.ContainsKey).ToList();
        Assert.NotEmpty(backReferences);
        Assert.All(backReferences, id => Assert.Same(ipConfigurations[id], id));
    }
}
