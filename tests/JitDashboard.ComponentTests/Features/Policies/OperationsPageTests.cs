using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Policies;

public class OperationsPageTests : ComponentTestBase
{
    private readonly FakeJitOperationService _operations = new();
    private readonly BunitAuthorizationContext _auth;

    public OperationsPageTests()
    {
        Context.Services.AddSingleton<IJitOperationService>(_operations);
        Context.Services.AddSingleton<IPolicyTemplateService>(new FakePolicyTemplateService());
        _auth = Context.AddAuthorization();
        _auth.SetAuthorized("Dave Reader");
        _auth.SetRoles(Roles.Reader);
    }

    private static JitOperationView View(Guid id, JitOperationStatus status, int succeeded, int failed, DateTimeOffset at) => new(
        id, JitOperationKind.Apply, status, "alice@contoso.test", at, at, succeeded + failed, succeeded, failed, 0,
        [.. Enumerable.Range(0, succeeded).Select(i => new JitOperationResult($"ok-{i}", $"ok-{i}", "p", JitOperationItemStatus.Succeeded, null, 1)),
         .. Enumerable.Range(0, failed).Select(i => new JitOperationResult($"bad-{i}", $"bad-{i}", "p", JitOperationItemStatus.Failed, "Conflict: busy", 3))]);

    [Fact]
    public void Operations_ListsNewestFirst_UpdatesLive_AndOpensTheSummary()
    {
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        _operations.Views[older] = View(older, JitOperationStatus.PartiallySucceeded, 1, 1, now.AddMinutes(-5));
        _operations.Views[newer] = View(newer, JitOperationStatus.Running, 0, 0, now);
        var dialogs = Render<MudDialogProvider>();

        var page = Context.Render<OperationsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=operation-row]").Count));
        Assert.Equal("running", page.FindAll("[data-testid=operation-status]")[0].TextContent.Trim());
        Assert.Equal("partially succeeded", page.FindAll("[data-testid=operation-status]")[1].TextContent.Trim());

        _operations.Raise(View(newer, JitOperationStatus.Succeeded, 2, 0, now));
        page.WaitForAssertion(() => Assert.Equal("succeeded", page.FindAll("[data-testid=operation-status]")[0].TextContent.Trim()));

        page.FindAll("[data-testid=operation-open]")[1].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Conflict: busy", dialogs.Find("[data-testid=jit-results]").TextContent, StringComparison.Ordinal));
        // A Reader sees the summary but is offered no retry.
        Assert.Contains("1 failed", dialogs.Find("[data-testid=jit-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=jit-retry]"));
    }

    [Fact]
    public void UndoRuleChanges_OperatorOnly_ConfirmsWithTheRules_ThenRestores()
    {
        var id = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var change = new JitRuleChangeView(1, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-web", "nsg-web", "NetworkInterface",
            "allow-ssh-any", RuleChangeAction.Delete, ["22"], [], [22], ["vm"], [], JitRuleChangeStatus.Succeeded, null, new System.Text.Json.Nodes.JsonObject());
        _operations.Views[id] = View(id, JitOperationStatus.Succeeded, 1, 0, now) with { RuleChanges = [change] };

        // A Reader is offered no Undo.
        var readerPage = Context.Render<OperationsPage>();
        readerPage.WaitForAssertion(() => Assert.Single(readerPage.FindAll("[data-testid=operation-row]")));
        Assert.Empty(readerPage.FindAll("[data-testid=operation-undo-rules]"));
        readerPage.Dispose();

        _auth.SetAuthorized("Alice Operator");
        _auth.SetRoles(Roles.Operator);
        var dialogs = Render<MudDialogProvider>();
        var page = Context.Render<OperationsPage>();
        page.WaitForAssertion(() => Assert.Contains("(1)", page.Find("[data-testid=operation-undo-rules]").TextContent, StringComparison.Ordinal));

        page.Find("[data-testid=operation-undo-rules]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("allow-ssh-any on nsg-web back to ports 22 (re-created)", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal([(id, true)], _operations.Undos.Select(u => (u.Id, u.DryRun)));
        dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Undo").Click();

        page.WaitForAssertion(() => Assert.Equal("Restored 1 rule(s).", page.Find("[data-testid=operation-undo-result]").TextContent.Trim()));
        Assert.Equal([(id, true), (id, false)], _operations.Undos.Select(u => (u.Id, u.DryRun)));
    }
}
