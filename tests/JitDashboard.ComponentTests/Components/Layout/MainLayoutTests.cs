using Bunit;
using JitDashboard.ComponentTests.Features.Estate;
using JitDashboard.Components.Layout;
using JitDashboard.Features.Estate;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Components.Layout;

public class MainLayoutTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();

    public MainLayoutTests() => Context.Services.AddSingleton<IEstateService>(_estate);

    private IRenderedComponent<MainLayout> RenderLayout()
        // The layout brings its own MudPopoverProvider.
        => Render<MainLayout>(p => p.Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page body"))), withPopoverProvider: false);

    [Fact]
    public void Layout_ShowsProductNavigationAndBody()
    {
        _estate.Publish(FakeEstateService.Loaded());

        var layout = RenderLayout();

        Assert.Contains("JitDashboard", layout.Find(".jd-product").TextContent, StringComparison.Ordinal);
        var links = layout.FindAll("a.mud-nav-link").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal([("/", "Overview"), ("/machines", "Machines"), ("/access", "Access"), ("/automation", "Automation"), ("/audit", "Audit")], links);
        Assert.Contains("page body", layout.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_ReflectsInteractivityForBrowserTests()
    {
        var layout = RenderLayout();

        Assert.Equal("true", layout.Find(".jd-root").GetAttribute("data-interactive"));
    }

    [Fact]
    public void RefreshButton_RefreshesTheEstate()
    {
        _estate.Publish(FakeEstateService.Loaded());
        var layout = RenderLayout();

        layout.Find("button[aria-label=Refresh]").Click();

        Assert.Equal(1, _estate.RefreshCount);
    }
}
