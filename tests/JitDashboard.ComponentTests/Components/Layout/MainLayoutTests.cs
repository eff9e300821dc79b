using JitDashboard.Testing.Fakes;
using JitDashboard.ComponentTests.Features.Machines;
using JitDashboard.Features.Audit;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Components.Layout;
using JitDashboard.Platform.Audit;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JitDashboard.ComponentTests.Components.Layout;

public class MainLayoutTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();
    private readonly FakeAuditLog _audit = new();
    private readonly BunitAuthorizationContext _auth;

    public MainLayoutTests()
    {
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton<IAuditLog>(_audit);
        Context.Services.AddSingleton(new EstateRefresh(_estate, _audit, NullLogger<EstateRefresh>.Instance));
        _auth = Context.AddAuthorization();
    }

    private void SignIn(string name, string userName, params string[] roles)
    {
        _auth.SetAuthorized(name);
        _auth.SetRoles(roles);
        _auth.SetClaims(new System.Security.Claims.Claim("name", name), new System.Security.Claims.Claim("preferred_username", userName));
    }

    private IRenderedComponent<MainLayout> RenderLayout()
        // The layout brings its own MudPopoverProvider.
        => Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page body"))), withPopoverProvider: false);

    private static List<(string? Href, string Text)> Links(IRenderedComponent<MainLayout> layout) =>
        layout.FindAll("a.mud-nav-link").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();

    [Fact]
    public void Layout_Admin_ShowsEveryNavigationItemAndBody()
    {
        SignIn("Carol Admin", "carol@contoso.test", Roles.Admin);
        _estate.Publish(FakeEstateService.Loaded());

        var layout = RenderLayout();

        Assert.Contains("JitDashboard", layout.Find(".jd-product").TextContent, StringComparison.Ordinal);
        Assert.Equal([("/", "Overview"), ("/machines", "Machines"), ("/subscriptions", "Subscriptions"), ("/access", "Access"), ("/automation", "Automation"), ("/policies/templates", "JIT templates"), ("/notifications", "Notifications"), ("/audit", "Audit")], Links(layout));
        Assert.Contains("page body", layout.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Operator)]
    public void Layout_ReaderAndOperator_HideAutomation(string role)
    {
        SignIn("Someone", "someone@contoso.test", role);

        var layout = RenderLayout();

        Assert.Equal([("/", "Overview"), ("/machines", "Machines"), ("/subscriptions", "Subscriptions"), ("/access", "Access"), ("/audit", "Audit")], Links(layout));
    }

    [Fact]
    public void Layout_Approver_ShowsAutomation_ForItsApprovals_ButNoAdminPages()
    {
        SignIn("Bob Approver", "bob@contoso.test", Roles.Approver);

        var layout = RenderLayout();

        Assert.Equal([("/", "Overview"), ("/machines", "Machines"), ("/subscriptions", "Subscriptions"), ("/access", "Access"), ("/automation", "Automation"), ("/audit", "Audit")], Links(layout));
    }

    [Fact]
    public void Layout_NoRole_ShowsNoNavigation()
    {
        SignIn("Erin Guest", "erin@contoso.test");

        var layout = RenderLayout();

        Assert.Empty(Links(layout));
        Assert.Equal("No role", layout.Find("[data-testid=user-role]").TextContent.Trim());
    }

    [Fact]
    public void AppBar_ShowsNameRoleAndSignOutForm()
    {
        SignIn("Dave Reader", "dave@contoso.test", Roles.Reader);

        var layout = RenderLayout();

        Assert.Equal("Dave Reader", layout.Find("[data-testid=user-name]").TextContent.Trim());
        Assert.Equal("Reader", layout.Find("[data-testid=user-role]").TextContent.Trim());
        var form = layout.Find("form[action='authentication/logout']");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Contains("Sign out", form.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Layout_ReflectsInteractivityForBrowserTests()
    {
        SignIn("Dave Reader", "dave@contoso.test", Roles.Reader);

        var layout = RenderLayout();

        Assert.Equal("true", layout.Find(".jd-root").GetAttribute("data-interactive"));
    }

    [Fact]
    public void RefreshButton_Operator_RefreshesTheEstateAndAudits()
    {
        SignIn("Alice Operator", "alice@contoso.test", Roles.Operator);
        _estate.Publish(FakeEstateService.Loaded());
        var layout = RenderLayout();

        layout.Find("button[aria-label=Refresh]").Click();

        layout.WaitForAssertion(() => Assert.Equal(1, _estate.RefreshCount));
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal((AuditActions.EstateRefreshed, "alice@contoso.test"), (entry.Action, entry.Actor));
    }

    [Fact]
    public void RefreshButton_Reader_IsHidden()
    {
        SignIn("Dave Reader", "dave@contoso.test", Roles.Reader);

        var layout = RenderLayout();

        Assert.Empty(layout.FindAll("button[aria-label=Refresh]"));
    }

    [Fact]
    public async Task EstateRefresh_Reader_IsRefusedAndWritesNothing()
    {
        var refresh = new EstateRefresh(_estate, _audit, NullLogger<EstateRefresh>.Instance);
        var dave = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim("roles", Roles.Reader)], "test"));

        Assert.False(await refresh.RequestAsync(dave));
        Assert.Equal(0, _estate.RefreshCount);
        Assert.Empty(_audit.Entries);
    }
}
