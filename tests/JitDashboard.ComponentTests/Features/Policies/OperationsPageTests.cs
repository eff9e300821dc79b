using Bunit;
using JitDashboard.Features.Policies;
using JitDashboard.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Policies;

public class OperationsPageTests : ComponentTestBase
{
    private readonly FakeJitOperationService _operations = new();

    public OperationsPageTests()
    {
        Context.Services.AddSingleton<IJitOperationService>(_operations);
        Context.Services.AddSingleton<IPolicyTemplateService>(new FakePolicyTemplateService());
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Dave Reader");
        auth.SetRoles(Roles.Reader);
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
}
