using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.ComponentTests.Features.Estate;
using JitDashboard.Features.Access;
using JitDashboard.Features.Estate;
using JitDashboard.Features.Estate.Inventory;
using JitDashboard.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Access;

public sealed class AccessComponentTests : ComponentTestBase
{
    private readonly FakeAccessService _access = new();
    private readonly FakeEstateService _estate = new();
    private readonly EstateMachine _vm = MachineBuilder.Vm("vm-web-01").Jit(JitStatus.Configured).JitPort(22).Nic("10.0.0.4", "20.1.2.3").Port(22, JitDashboard.Features.Estate.Exposure.PortExposure.Open).Build();
    private readonly BunitAuthorizationContext _auth;

    public AccessComponentTests()
    {
        _estate.Publish(FakeEstateService.Loaded(_vm));
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

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string testId)
    {
        var element = dialogs.Find($"[data-testid={testId}]");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    private IRenderedComponent<MudDialogProvider> OpenDialog()
    {
        var dialogs = Render<MudDialogProvider>();
        var service = Context.Services.GetRequiredService<IDialogService>();
        dialogs.InvokeAsync(() => service.ShowAsync<AccessRequestDialog>("Request access", new DialogParameters<AccessRequestDialog> { { d => d.MachineId, _vm.Id } }));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=access-port-22]")));
        return dialogs;
    }

    [Fact]
    public void Dialog_PrefillsDetectedAddressAndPolicyPorts()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        var dialogs = OpenDialog();
        Assert.Equal("198.51.100.23", Field(dialogs, "access-source").GetAttribute("value"));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=access-port-3389]"));
        Assert.Contains("198.51.100.23", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Dialog_BadInput_ShowsPerFieldErrors_AndFilesNothing()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        var dialogs = OpenDialog();
        Field(dialogs, "access-duration").Change("PT9H");
        Field(dialogs, "access-source").Change("300.1.2.3");
        Field(dialogs, "access-justification").Change("<script>alert(1)</script>");
        dialogs.Find("[data-testid=access-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=access-errors]")));
        Assert.Contains("Port 22 allows at most 3 h (PT3H); 9 h is too long.", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("is not an IP address or CIDR range", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("HTML or script is not allowed here", dialogs.Markup, StringComparison.Ordinal);
        Assert.Empty(_access.Filed);
        // The script text never becomes markup.
        Assert.Empty(dialogs.FindAll("script"));
    }

    [Fact]
    public void Dialog_ValidInput_FilesWithDetectedAddressAndPreset()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        var dialogs = OpenDialog();
        dialogs.Find("[data-testid='access-preset-PT30M']").Click();
        Field(dialogs, "access-justification").Change("Rotate keys");
        dialogs.Find("[data-testid=access-submit]").Click();

        dialogs.WaitForAssertion(() => Assert.Single(_access.Filed));
        var (input, detected) = _access.Filed[0];
        Assert.Equal("PT30M", input.Duration);
        Assert.Equal([22], input.Ports);
        Assert.Equal("198.51.100.23", input.SourceAddressPrefix);
        Assert.Equal("198.51.100.23", detected);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=access-dialog]")));
    }

    [Fact]
    public void Queue_ShowsOthersPendingRequestsAsText_NotOwn_AndApprovesWithComment()
    {
        SignIn("bob@contoso.test", Roles.Approver);
        var others = FakeAccessService.View(Guid.NewGuid(), "alice@contoso.test", AccessRequestStatus.Pending, _vm.Id, [22], "203.0.113.7", "<b>urgent</b> fix");
        var own = FakeAccessService.View(Guid.NewGuid(), "bob@contoso.test", AccessRequestStatus.Pending, _vm.Id, [22], "203.0.113.8", "mine");
        _access.Requests.AddRange([others, own]);

        var page = Render<AccessPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=access-queue-item]")));
        var item = page.Find("[data-testid=access-queue-item]");
        Assert.Equal(others.Id.ToString(), item.GetAttribute("data-request-id"));
        // Text, never markup.
        Assert.Equal("<b>urgent</b> fix", item.QuerySelector("[data-testid=access-justification-text]")!.TextContent);
        Assert.DoesNotContain(item.QuerySelectorAll("b"), b => b.TextContent == "urgent");
        Assert.Contains("22 open", item.QuerySelector("[data-testid=access-exposure]")!.TextContent, StringComparison.Ordinal);

        var comment = item.QuerySelector("[data-testid=access-comment]")!;
        (comment.TagName == "INPUT" ? comment : comment.QuerySelector("input")!).Change("ok");
        page.Find("[data-testid=access-approve]").Click();
        page.WaitForAssertion(() => Assert.Single(_access.Decisions));
        Assert.Equal((others.Id, "bob@contoso.test", "ok", true), _access.Decisions[0]);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=access-queue-item]")));
    }

    [Fact]
    public void Operator_SeesNoQueue_AndActiveGrantShowsCountdown()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        _access.Requests.Add(FakeAccessService.View(Guid.NewGuid(), "alice@contoso.test", AccessRequestStatus.Active, _vm.Id, [22], "203.0.113.7", "x", DateTimeOffset.UtcNow.AddMinutes(30)));
        _access.Requests.Add(FakeAccessService.View(Guid.NewGuid(), "carol@contoso.test", AccessRequestStatus.Pending, _vm.Id, [22], "203.0.113.9", "y"));

        var page = Render<AccessPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=access-active-row]")));
        Assert.Empty(page.FindAll("[data-testid=access-queue]"));
        Assert.Matches(@"^(29|30):\d{2}$", page.Find("[data-testid=access-countdown]").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("[data-testid=access-extend]"));
        Assert.NotEmpty(page.FindAll("[data-testid=access-close]"));
    }
}
