using JitDashboard.ComponentTests.Features.Machines;
using Bunit;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Posture;

/// <summary><c>/machines?open=&lt;id&gt;</c>, added so the Overview's top VMs open their drawer in one click.</summary>
public class MachinesOpenQueryTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();

    public MachinesOpenQueryTests() => Context.Services.AddSingleton<IEstateService>(_estate);

    [Fact]
    public void OpenQuery_OpensTheDrawer_OnceTheEstateHoldsTheVm()
    {
        EstateMachine target = MachineBuilder.Vm("web-02").Port(22, PortExposure.Open);
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("machines?open=" + Uri.EscapeDataString(target.Id));
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));
        Assert.Empty(page.FindAll("[data-testid=machine-drawer]"));

        _estate.Publish(FakeEstateService.Loaded(MachineBuilder.Vm("web-01"), target));

        page.WaitForAssertion(() => Assert.Contains("web-02", page.Find("[data-testid=machine-drawer]").TextContent, StringComparison.Ordinal));
    }
}
