using JitDashboard.ComponentTests.Features.Machines;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Features.Access;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Access;

/// <summary>"Request access…" from a VM's row on the Machines page.</summary>
public sealed class MachinesRowRequestTests : ComponentTestBase
{
    private readonly FakeAccessService _access = new();
    private readonly FakeEstateService _estate = new();
    private readonly EstateMachine _jit = MachineBuilder.Vm("vm-jit-01").Jit(JitStatus.Configured).JitPort(22).Nic("10.0.0.4", "20.1.2.3").Build();
    private readonly EstateMachine _noJit = MachineBuilder.Vm("vm-open-01").Nic("10.0.0.5", "20.1.2.4").Build();
    private readonly BunitAuthorizationContext _auth;

    public MachinesRowRequestTests()
    {
        _estate.Publish(FakeEstateService.Loaded(_jit, _noJit));
        Context.Services.AddSingleton<IAccessService>(_access);
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton(new ClientAddress { Address = "198.51.100.23" });
        Context.Services.AddOptions<AccessOptions>();
        _auth = Context.AddAuthorization();
    }

    private void SignIn(string user, params string[] roles)
    {
        _auth.SetAuthorized(user);
        _auth.SetClaims(new System.Security.Claims.Claim("preferred_username", user));
        _auth.SetRoles(roles);
    }

    [Fact]
    public void Operator_GetsRowActionOnlyForJitVm_AndItOpensTheDialogPrefilledForThatVm()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false), withPopoverProvider: false);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.jd-machine-row").Count));

        var button = Assert.Single(page.FindAll("[data-testid=row-request-access]"));
        Assert.Equal("vm-jit-01", button.Closest("tr")!.QuerySelector(".jd-link-button")!.TextContent.Trim());
        Assert.Equal("Request access to vm-jit-01…", button.GetAttribute("aria-label"));

        button.Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=access-port-22]")));
        var machine = dialogs.Find("[data-testid=access-machine]");
        Assert.Contains("vm-jit-01", machine.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("vm-open-01", machine.OuterHtml, StringComparison.Ordinal);
        // The drawer stayed closed: the row action is not a click on the row.
        Assert.Empty(page.FindAll(".mud-drawer--open"));
    }

    [Fact]
    public void ReaderAndApprover_GetNoRowAction()
    {
        SignIn("dave@contoso.test", Roles.Reader, Roles.Approver);
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.jd-machine-row").Count));
        Assert.Empty(page.FindAll("[data-testid=row-request-access]"));
    }
}
