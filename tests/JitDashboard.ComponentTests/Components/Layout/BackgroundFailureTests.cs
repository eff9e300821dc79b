using JitDashboard.Testing;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.ComponentTests.Features.Machines;
using JitDashboard.ComponentTests.Features.Policies;
using JitDashboard.Components.Layout;
using JitDashboard.Features.Policies;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using JitDashboard.Testing.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JitDashboard.ComponentTests.Components.Layout;

/// <summary>
/// A failure in a callback that arrives on a background thread (a service event here) is neither lost nor fatal to the
/// circuit: the page awaits InvokeAsync and hands the failure to DispatchExceptionAsync, so the layout's error boundary
/// shows it, and "Try again" brings the page back.
/// </summary>
public class BackgroundFailureTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();
    private readonly FakeJitOperationService _operations = new();

    public BackgroundFailureTests()
    {
        var audit = new FakeAuditLog();
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton<IAuditLog>(audit);
        Context.Services.AddSingleton(TimeProvider.System);
        Context.Services.AddSingleton(TestCoordinator.Create(_estate));
        Context.Services.AddSingleton(sp => new EstateRefresh(sp.GetRequiredService<EstateRefreshCoordinator>(), audit, NullLogger<EstateRefresh>.Instance));
        Context.Services.AddSingleton<IJitOperationService>(_operations);
        Context.Services.AddSingleton<IPolicyTemplateService>(new FakePolicyTemplateService());
        var auth = Context.AddAuthorization();
        auth.SetAuthorized("Dave Reader");
        auth.SetRoles(Roles.Reader);
    }

    private static JitOperationView Running(Guid id) => new(
        id, JitOperationKind.Apply, JitOperationStatus.Running, "alice@contoso.test", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1, 0, 0, 0, []);

    private IRenderedComponent<MainLayout> RenderOperationsInLayout() => Render<MainLayout>(
        p => p.Add(x => x.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<OperationsPage>(0);
            b.CloseComponent();
        })),
        withPopoverProvider: false);

    [Fact]
    public void ServiceEventFailure_ReachesTheLayoutsErrorBoundary_AndTryAgainRecovers()
    {
        var layout = RenderOperationsInLayout();
        layout.WaitForAssertion(() => Assert.Single(layout.FindComponents<OperationsPage>()));
        Assert.Empty(layout.FindAll("[data-testid=page-error]"));

        // An operation the page has not listed yet makes it re-read the list, and that read fails.
        _operations.ListFailure = new InvalidOperationException("the list could not be read");
        _operations.Raise(Running(Guid.NewGuid()));

        layout.WaitForAssertion(() => Assert.Contains("This page ran into a problem", layout.Find("[data-testid=page-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(layout.FindComponents<OperationsPage>());

        _operations.ListFailure = null;
        layout.Find("[data-testid=page-error-retry]").Click();

        layout.WaitForAssertion(() => Assert.Single(layout.FindAll("[data-testid=operation-row]")));
        Assert.Empty(layout.FindAll("[data-testid=page-error]"));
    }

    [Fact]
    public void EstateEventAfterAFailure_StillRendersTheLayout()
    {
        var layout = RenderOperationsInLayout();
        _operations.ListFailure = new InvalidOperationException("the list could not be read");
        _operations.Raise(Running(Guid.NewGuid()));
        layout.WaitForAssertion(() => Assert.Single(layout.FindAll("[data-testid=page-error]")));

        // The circuit is alive: the layout keeps following the estate.
        _estate.Publish(FakeEstateService.Loaded());

        layout.WaitForAssertion(() => Assert.Single(layout.FindAll(".jd-refreshed")));
    }
}
