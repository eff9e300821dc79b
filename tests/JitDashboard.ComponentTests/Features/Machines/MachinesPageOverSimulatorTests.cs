using Bunit;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>
/// The Machines page rendered by bUnit over the real app's estate service, which reads the embedded simulator
/// over real HTTPS: no fake between the component and ARM.
/// </summary>
public sealed class MachinesPageOverSimulatorTests : ComponentTestBase, IAsyncLifetime
{
    private DashboardHost? _host;

    async Task IAsyncLifetime.InitializeAsync()
    {
        _host = await DashboardHost.StartAsync();
        Context.Services.AddSingleton(_host.Services.GetRequiredService<IEstateService>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
    }

    [Fact]
    public void MachinesPage_DemoEstate_ListsTheSimulatorsMachines()
    {
        var page = Render<MachinesPage>();

        page.WaitForAssertion(() => Assert.Matches(@"^\d+ machines$", page.Find("[data-testid='machine-count']").TextContent.Trim()), TimeSpan.FromSeconds(30));
        var count = int.Parse(page.Find("[data-testid='machine-count']").TextContent.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(_host!.Services.GetRequiredService<IEstateService>().Snapshot.Machines.Count, count);
        Assert.Equal(JitDashboard.Simulator.Estate.DemoEstate.Create()["resources"]!.AsArray().Count(r => (string?)r!["type"] is "Microsoft.Compute/virtualMachines" or "Microsoft.ClassicCompute/virtualMachines"), count);
        page.WaitForAssertion(() => Assert.Contains("vm-jumpbox-01", page.Markup, StringComparison.Ordinal));
        // The first page holds the most exposed machines: issue 17's doors (vm-edge-*) now come before vm-web-prod-01 there.
        Assert.Contains("vm-edge-", page.Markup, StringComparison.Ordinal);
    }
}
