using JitDashboard.ComponentTests.Features.Machines;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Access;

public sealed class AccessComponentTests : ComponentTestBase
{
    private readonly FakeAccessService _access = new();
    private readonly FakeEstateService _estate = new();
    private readonly FakeAutoApprovalRuleService _rules = new();
    private readonly EstateMachine _vm = MachineBuilder.Vm("vm-web-01").Jit(JitStatus.Configured).JitPort(22).Nic("10.0.0.4", "20.1.2.3").Port(22, JitDashboard.Platform.Estate.Exposure.PortExposure.Open).Build();
    private readonly BunitAuthorizationContext _auth;

    public AccessComponentTests()
    {
        _estate.Publish(FakeEstateService.Loaded(_vm));
        Context.Services.AddSingleton<IAccessService>(_access);
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton<IAutoApprovalRuleService>(_rules);
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

    [Fact]
    public void AutoApprovalRules_OnlyAdminsSeeThem()
    {
        SignIn("bob@contoso.test", Roles.Approver, Roles.Operator);
        _rules.Rules.Add(new AutoApprovalRule { Id = Guid.NewGuid(), Name = "ops short", ResourceGroup = "rg-ops", MaxDuration = TimeSpan.FromMinutes(30), UpdatedBy = "carol@contoso.test" });
        var page = Render<AccessPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=access-queue]")));
        Assert.Empty(page.FindAll("[data-testid=access-rules]"));
        Assert.DoesNotContain("ops short", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AutoApprovalRules_Admin_CreatesWithPerFieldErrors_ThenDeletesAfterConfirming()
    {
        SignIn("carol@contoso.test", Roles.Admin);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AccessPage>(withPopoverProvider: false);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=access-rules-empty]")));

        IElement Input(string testId)
        {
            var element = page.Find($"[data-testid={testId}]");
            return element.TagName == "INPUT" ? element : element.QuerySelector("input")!;
        }

        // Matches everything and too long: the validator's messages, each on its field; nothing saved.
        Input("access-rule-name-input").Change("all of it");
        Input("access-rule-max").Change("PT48H");
        page.Find("[data-testid=access-rule-create]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=access-rule-errors]")));
        var fieldErrors = page.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent).ToList();
        Assert.Contains(fieldErrors, t => t.Contains("Narrow the rule by role, resource group or tag", StringComparison.Ordinal));
        Assert.Contains(fieldErrors, t => t.Contains("from PT5M to PT24H", StringComparison.Ordinal));
        Assert.Empty(_rules.Rules);

        Input("access-rule-rg").Change("rg-ops");
        Input("access-rule-max").Change("PT30M");
        page.Find("[data-testid=access-rule-create]").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=access-rule-row]")));
        Assert.Empty(page.FindAll("[data-testid=access-rule-errors]"));
        var rule = Assert.Single(_rules.Rules);
        Assert.Equal(("all of it", "rg-ops", TimeSpan.FromMinutes(30), "carol@contoso.test"), (rule.Name, rule.ResourceGroup, rule.MaxDuration, rule.UpdatedBy));

        // Delete asks first; keeping it changes nothing.
        page.Find("[data-testid=access-rule-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete auto-approval rule?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Keep").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Delete auto-approval rule?", dialogs.Markup, StringComparison.Ordinal));
        Assert.Single(_rules.Rules);
        page.Find("[data-testid=access-rule-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete auto-approval rule?", dialogs.Markup, StringComparison.Ordinal));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Delete").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=access-rules-empty]")));
        Assert.Empty(_rules.Rules);
    }

    [Fact]
    public void Dialog_StartTime_IsLabelledUtc_AndEchoedBackInUtcWithDistance()
    {
        SignIn("alice@contoso.test", Roles.Operator);
        var dialogs = OpenDialog();
        Assert.Contains("in UTC", dialogs.Find("[data-testid=access-start]").ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("UTC. Leave empty to start on approval.", dialogs.Markup, StringComparison.Ordinal);

        var start = DateTime.UtcNow.AddHours(3);
        Field(dialogs, "access-start").Change(start.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        dialogs.WaitForAssertion(() => Assert.Contains(
            $"Starts {start.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC, ", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains(" from now (it is now ", dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ApprovalPage_ShowsTheFactsAndHistory_AsText_AndApprovesWithOneClick()
    {
        SignIn("bob@contoso.test", Roles.Approver);
        var pending = FakeAccessService.View(Guid.NewGuid(), "alice@contoso.test", AccessRequestStatus.Pending, _vm.Id, [22, 3389], "203.0.113.7", "<b>urgent</b> fix");
        var earlier = FakeAccessService.View(Guid.NewGuid(), "alice@contoso.test", AccessRequestStatus.Expired, _vm.Id, [22], "203.0.113.7", "earlier");
        var someoneElse = FakeAccessService.View(Guid.NewGuid(), "carol@contoso.test", AccessRequestStatus.Expired, _vm.Id, [22], "203.0.113.9", "not alice");
        _access.Requests.AddRange([pending, earlier, someoneElse]);

        var page = Render<AccessRequestPage>(p => p.Add(x => x.Id, pending.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=approval]")));
        Assert.Equal("alice@contoso.test", page.Find("[data-testid=approval-requester]").TextContent);
        Assert.Contains("vm-web-01", page.Find("[data-testid=approval-vm]").TextContent, StringComparison.Ordinal);
        Assert.Equal("22, 3389", page.Find("[data-testid=approval-ports]").TextContent);
        Assert.Equal("203.0.113.7", page.Find("[data-testid=approval-source]").TextContent);
        Assert.Equal("1 h", page.Find("[data-testid=approval-duration]").TextContent);
        // Text, never markup.
        Assert.Equal("<b>urgent</b> fix", page.Find("[data-testid=approval-justification]").TextContent);
        Assert.Contains("22 open", page.Find("[data-testid=approval-exposure]").TextContent, StringComparison.Ordinal);
        // The requester's history: their other request only.
        var history = Assert.Single(page.FindAll("[data-testid=approval-history-row]"));
        Assert.Contains("Expired", history.TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=approval-approve]").Click();
        page.WaitForAssertion(() => Assert.Single(_access.Decisions));
        Assert.Equal((pending.Id, "bob@contoso.test", (string?)null, true), _access.Decisions[0]);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=approval-approve]")));
        Assert.Equal("Approved", page.Find("[data-testid=approval-status]").TextContent);
    }

    [Theory]
    [InlineData("alice@contoso.test", Roles.Admin, "your own request")]
    [InlineData("dave@contoso.test", Roles.Reader, "Only an Approver or an Admin")]
    public void ApprovalPage_OffersNoDecision_ToTheRequesterOrAReader(string user, string role, string reason)
    {
        SignIn(user, role);
        var pending = FakeAccessService.View(Guid.NewGuid(), "alice@contoso.test", AccessRequestStatus.Pending, _vm.Id, [22], "203.0.113.7", "mine");
        _access.Requests.Add(pending);

        var page = Render<AccessRequestPage>(p => p.Add(x => x.Id, pending.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=approval-cannot-decide]")));
        Assert.Contains(reason, page.Find("[data-testid=approval-cannot-decide]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=approval-approve]"));
        Assert.Empty(page.FindAll("[data-testid=approval-deny]"));
    }

    [Fact]
    public void ApprovalPage_UnknownId_SaysSo()
    {
        SignIn("bob@contoso.test", Roles.Approver);
        var page = Render<AccessRequestPage>(p => p.Add(x => x.Id, Guid.NewGuid()));
        page.WaitForAssertion(() => Assert.Contains("No such request", page.Markup, StringComparison.Ordinal));
    }
}
