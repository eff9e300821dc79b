using AngleSharp.Dom;
using Bunit;
using JitDashboard.Features.Automation;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Automation;

public class AutomationPageTests : ComponentTestBase
{
    private readonly FakeAutomationService _automation = new();

    public AutomationPageTests()
    {
        Context.Services.AddSingleton<IAutomationService>(_automation);
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Carol Admin");
        auth.SetClaims(new System.Security.Claims.Claim("preferred_username", "carol@contoso.test"));
        auth.SetRoles(Roles.Admin);
    }

    private static IElement Input(IRenderedComponent<MudDialogProvider> dialogs, string testId)
    {
        var element = dialogs.Find($"[data-testid={testId}]");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    private AutomationRule AddRule(string name, int matching, AutomationMode mode = AutomationMode.DryRun)
    {
        var rule = new AutomationRule { Id = Guid.NewGuid(), Name = name, Enabled = true, Mode = mode };
        _automation.Rules.Add(new AutomationRuleView(rule, matching, 0));
        return rule;
    }

    [Fact]
    public void NoRules_ShowsTheEmptyState()
    {
        var page = Render<AutomationPage>();
        page.WaitForAssertion(() => Assert.Contains("No automation rules yet", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=rule-row]"));
    }

    [Fact]
    public void Rules_ShowModeAndScope_AndWarnWhenTheScopeMatchesNothing()
    {
        AddRule("Prod exposure", 12, AutomationMode.Apply);
        AddRule("Nothing", 0);

        var page = Render<AutomationPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=rule-row]").Count));
        Assert.Equal(["Prod exposure", "Nothing"], page.FindAll("[data-testid=rule-name-cell]").Select(e => e.TextContent.Trim()));
        Assert.Equal(["Apply", "Dry run"], page.FindAll("[data-testid=rule-mode-cell]").Select(e => e.TextContent.Trim()));
        Assert.Equal("12 VMs", page.FindAll("[data-testid=rule-matching]")[0].TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid=rule-no-match]"));
    }

    [Fact]
    public void Create_SendsTheFields_AndShowsPerFieldErrorsFromTheServer()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Context.Render<AutomationPage>();
        page.Find("[data-testid=rule-create]").Click();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=rule-dialog]")));

        // A bad subscription id: the service's message shows under the field, the dialog stays open.
        Input(dialogs, "rule-name").Change("Prod");
        Input(dialogs, "rule-subscriptions").Change("not-a-guid");
        dialogs.Find("[data-testid=rule-save]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("is not a subscription id", dialogs.Markup));
        Assert.Empty(_automation.Saved);

        Input(dialogs, "rule-subscriptions").Change("00000000-0000-0000-0000-00000000000a");
        Input(dialogs, "rule-groups").Change("rg-web, rg-db");
        dialogs.Find("[data-testid=rule-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=rule-dialog]")));
        var (id, input) = Assert.Single(_automation.Saved);
        Assert.Null(id);
        Assert.Equal("Prod", input.Name);
        Assert.Equal("DryRun", input.Mode);
        Assert.Equal(["rg-web", "rg-db"], input.Scope!.ResourceGroups);
        Assert.Equal("true", input.Exclusions!.Tags!["jit-exempt"]);
        page.WaitForAssertion(() => Assert.Equal("Prod", page.Find("[data-testid=rule-name-cell]").TextContent.Trim()));
    }

    [Fact]
    public void RunNow_ShowsTheRun_WithPerVmActionsAndSkipReasons()
    {
        var rule = AddRule("Prod exposure", 3);
        var page = Render<AutomationPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=rule-row]")));

        page.Find("[data-testid=rule-run]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=run-row]")));
        Assert.Equal([rule.Id], _automation.RunNow);
        Assert.Contains("ran: DryRun", page.Find("[data-testid=automation-message]").TextContent);
        Assert.Equal(["WouldApply", "Skipped"], page.FindAll("[data-testid=action-status]").Select(e => e.TextContent.Trim()));
        Assert.Equal("Excluded by tag jit-exempt=true.", page.FindAll("[data-testid=action-reason]")[1].TextContent.Trim());

        // The row toggles its details.
        page.Find("[data-testid=run-row]").Click();
        Assert.Empty(page.FindAll("[data-testid=run-details]"));
    }

    [Fact]
    public void HistoryFilters_GoToTheQuery()
    {
        AddRule("Prod exposure", 3);
        var page = Render<AutomationPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(_automation.Filters));

        var from = page.Find("[data-testid=filter-from]");
        (from.TagName == "INPUT" ? from : from.QuerySelector("input")!).Change("2026-11-20");

        page.WaitForAssertion(() => Assert.Equal(DateTimeOffset.Parse("2026-11-20T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), _automation.Filters[^1].From));
    }

    [Fact]
    public void Toggle_AndApproval_CallTheService()
    {
        var rule = AddRule("Needs approval", 2, AutomationMode.RequireApproval);
        _automation.Pending.Add(new PendingProposal(
            new AutomationAction { Id = 41, MachineName = "vm-db-01", Status = AutomationActionStatus.PendingApproval, Reason = "JIT not configured." },
            Guid.NewGuid(), rule.Id, rule.Name, DateTimeOffset.UnixEpoch));
        var page = Render<AutomationPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=approval-row]")));

        var toggle = page.Find("[data-testid=rule-toggle]");
        (toggle.TagName == "INPUT" ? toggle : toggle.QuerySelector("input")!).Change(false);
        page.Find("[data-testid=approval-approve]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=approval-row]")));
        Assert.Equal([(rule.Id, false)], _automation.Toggles);
        Assert.Equal([(41L, true)], _automation.Decisions);
    }
}

/// <summary>An Approver sees the page to decide proposals, but none of the Admin's rule controls.</summary>
public class AutomationPageApproverTests : ComponentTestBase
{
    private readonly FakeAutomationService _automation = new();

    public AutomationPageApproverTests()
    {
        Context.Services.AddSingleton<IAutomationService>(_automation);
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Bob Approver");
        auth.SetClaims(new System.Security.Claims.Claim("preferred_username", "bob@contoso.test"));
        auth.SetRoles(Roles.Approver);
    }

    [Fact]
    public void Approver_DecidesProposals_WithoutRuleControls()
    {
        var rule = new AutomationRule { Id = Guid.NewGuid(), Name = "Needs approval", Enabled = true, Mode = AutomationMode.RequireApproval };
        _automation.Rules.Add(new AutomationRuleView(rule, 2, 0));
        _automation.Pending.Add(new PendingProposal(
            new AutomationAction { Id = 7, MachineName = "vm-db-01", Status = AutomationActionStatus.PendingApproval, Reason = "JIT not configured." },
            Guid.NewGuid(), rule.Id, rule.Name, DateTimeOffset.UnixEpoch));

        var page = Render<AutomationPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=approval-row]")));

        Assert.Empty(page.FindAll("[data-testid=rule-create]"));
        Assert.Empty(page.FindAll("[data-testid=rule-run]"));
        Assert.Empty(page.FindAll("[data-testid=rule-edit]"));
        Assert.Empty(page.FindAll("[data-testid=rule-delete]"));
        var toggle = page.Find("[data-testid=rule-toggle]");
        Assert.True((toggle.TagName == "INPUT" ? toggle : toggle.QuerySelector("input")!).HasAttribute("disabled"));

        page.Find("[data-testid=approval-reject]").Click();
        page.WaitForAssertion(() => Assert.Equal([(7L, false)], _automation.Decisions));
    }
}
