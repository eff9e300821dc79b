using AngleSharp.Dom;
using Bunit;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using JitDashboard.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace JitDashboard.ComponentTests.Features.Machines;

/// <summary>The Machines page over machines with facts: filters, URL, selection, drawer, export, virtualization.</summary>
public class MachinesPageFeatureTests : ComponentTestBase
{
    private static readonly DateTimeOffset RequestStart = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private readonly FakeEstateService _estate = new();

    public MachinesPageFeatureTests() => Context.Services.AddSingleton<IEstateService>(_estate);

    private static EstateMachine[] Estate() =>
    [
        MachineBuilder.Vm("web-01").Nic("10.0.0.4", "20.1.2.3")
            .Port(22, PortExposure.Open, "AllowSshFromAnywhere", 110).Port(3389, PortExposure.Closed, "DenyAllInBound", 65500)
            .Recommendations(RecommendationState.Unhealthy, RecommendationState.Unhealthy).Impact(2),
        MachineBuilder.Vm("web-02").Nic("10.0.0.5", "20.1.2.4")
            .Port(22, PortExposure.Restricted, "AllowSshFromOffice", 120, "203.0.113.0/24")
            .Jit(JitStatus.Configured).JitPort(22, "*", "PT3H").JitPort(3389, "198.51.100.0/24", "PT1H")
            .Request(RequestStart, "alice@contoso.test", 22, "198.51.100.7", "Revoked", "Expired")
            .Recommendations(RecommendationState.Healthy, RecommendationState.Healthy),
        MachineBuilder.Vm("sql-01").InDev().InGroup("rg-data").Windows().Nic("10.1.0.4", "20.9.9.9", subnetNsg: null)
            .Port(3389, PortExposure.Open, "(no NSG)", 0)
            .Jit(JitStatus.Unsupported, "No NSG on the NIC nor its subnet."),
        MachineBuilder.Vm("app-01").InDev().Nic("10.1.0.5", null).Port(22, PortExposure.Closed, "DenyAllInBound", 65500),
    ];

    private IRenderedComponent<MachinesPage> RenderPage(string? url = null)
    {
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Estate()));
        if (url is not null)
            Context.Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=machine-count]")));
        return page;
    }

    private static List<string> RowNames(IRenderedComponent<MachinesPage> page)
        => page.FindAll("tr.jd-machine-row .jd-link-button").Select(b => b.TextContent.Trim()).Order(StringComparer.Ordinal).ToList();

    private string CurrentUrl => Context.Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public void Grid_ShowsEveryColumnOfTheIssue()
    {
        var page = RenderPage();

        var headers = page.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        foreach (var title in new[] { "Name", "Subscription", "Resource group", "Region", "OS", "Power state", "Public IP", "Ports", "JIT", "Recommendations", "Impact" })
            Assert.Contains(headers, h => h.StartsWith(title, StringComparison.Ordinal));
        var web01 = page.FindAll("tr.jd-machine-row").Single(r => r.TextContent.Contains("web-01", StringComparison.Ordinal));
        Assert.Contains("20.1.2.3", web01.TextContent, StringComparison.Ordinal);
        Assert.Contains("+2.00", web01.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not configured", web01.TextContent, StringComparison.Ordinal);
        Assert.NotNull(web01.QuerySelector(".jd-port-chip-open"));
        Assert.NotNull(web01.QuerySelector(".jd-port-chip-closed"));
    }

    [Fact]
    public void Grid_UnsupportedCarriesItsReason_AndUnknownRecommendationIsADash()
    {
        var page = RenderPage();

        var sql = page.FindAll("tr.jd-machine-row").Single(r => r.TextContent.Contains("sql-01", StringComparison.Ordinal));
        Assert.Contains(sql.QuerySelectorAll(".jd-jit-chip"), c => (c.GetAttribute("aria-label") ?? "").Contains("No NSG on the NIC nor its subnet", StringComparison.Ordinal));
        Assert.Contains("—", sql.TextContent, StringComparison.Ordinal);
        var web02 = page.FindAll("tr.jd-machine-row").Single(r => r.TextContent.Contains("web-02", StringComparison.Ordinal));
        Assert.NotNull(web02.QuerySelector(".jd-port-chip-restricted"));
    }

    [Fact]
    public void ExposedOnly_ShowsExactlyTheOpenMachines_AndWritesTheUrl()
    {
        var page = RenderPage();

        page.Find("[data-testid=filter-exposed]").Click();

        page.WaitForAssertion(() => Assert.Equal(["sql-01", "web-01"], RowNames(page)));
        Assert.Equal("2 of 4 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
        Assert.EndsWith("/machines?exposed=true", CurrentUrl, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=filter-exposed]").GetAttribute("aria-pressed"));
    }

    [Theory]
    [InlineData("/machines?jit=NotConfigured", new[] { "app-01", "web-01" })]
    [InlineData("/machines?jit=Unsupported", new[] { "sql-01" })]
    [InlineData("/machines?subscription=22222222-2222-2222-2222-222222222222", new[] { "app-01", "sql-01" })]
    [InlineData("/machines?subscription=Contoso%20Production", new[] { "web-01", "web-02" })]
    [InlineData("/machines?os=windows", new[] { "sql-01" })]
    [InlineData("/machines?exposed=true&os=Linux", new[] { "web-01" })]
    [InlineData("/machines?q=20.1.2.4", new[] { "web-02" })]
    public void FiltersFromTheUrl_CombineWithAnd(string url, string[] expected)
    {
        var page = RenderPage(url);

        page.WaitForAssertion(() => Assert.Equal(expected, RowNames(page)));
        Assert.Equal($"{expected.Length} of 4 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
    }

    [Fact]
    public void NotConfiguredChip_FiltersAndTogglesOff()
    {
        var page = RenderPage();

        page.Find("[data-testid=filter-not-configured]").Click();
        page.WaitForAssertion(() => Assert.Equal(["app-01", "web-01"], RowNames(page)));
        Assert.Contains("jit=NotConfigured", CurrentUrl, StringComparison.Ordinal);

        page.Find("[data-testid=filter-unsupported]").Click();
        page.WaitForAssertion(() => Assert.Equal(["sql-01"], RowNames(page)));
        Assert.Contains("jit=Unsupported", CurrentUrl, StringComparison.Ordinal);

        page.Find("[data-testid=filter-unsupported]").Click();
        page.WaitForAssertion(() => Assert.Equal(4, RowNames(page).Count));
        Assert.Equal("4 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
    }

    [Fact]
    public void Search_IsWrittenToTheUrl()
    {
        var page = RenderPage();

        page.Find(".jd-search input").Input("sql");

        page.WaitForAssertion(() => Assert.Equal(["sql-01"], RowNames(page)));
        page.WaitForAssertion(() => Assert.EndsWith("/machines?q=sql", CurrentUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_DebouncedAfterLeavingThePage_DoesNotUndoTheNavigation()
    {
        // The search box's debounce runs on the injected TimeProvider: the test moves its clock.
        var time = new FakeTimeProvider(RequestStart);
        Context.Services.AddSingleton<TimeProvider>(time);
        var page = RenderPage("/machines");

        page.Find(".jd-search input").Input("sql");
        // The user follows a link before the 200 ms debounce fires.
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/operations");
        var renders = page.RenderCount;

        // Then the debounce fires: the page receives the search (and re-renders after its handler), which must not
        // write the address. The clock is moved on until then, as the debounce is scheduled asynchronously.
        await Eventually.WaitAsync(() =>
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            return page.RenderCount > renders;
        }, TimeSpan.FromSeconds(10), "the debounced search to reach the page");

        Assert.EndsWith("/operations", CurrentUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void NoMatch_OffersToClearTheFilters()
    {
        var page = RenderPage("/machines?q=nothing-like-this&exposed=true");
        Assert.Empty(RowNames(page));

        page.Find("[data-testid=machines-no-match] button").Click();

        page.WaitForAssertion(() => Assert.Equal(4, RowNames(page).Count));
        Assert.EndsWith("/machines", CurrentUrl, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=filters-clear]"));
    }

    [Fact]
    public void ClearFilters_ShowsEveryMachineAndEmptiesTheUrl()
    {
        var page = RenderPage("/machines?exposed=true&os=Linux&q=web");
        Assert.Equal(["web-01"], RowNames(page));

        page.Find("[data-testid=filters-clear]").Click();

        page.WaitForAssertion(() => Assert.Equal(4, RowNames(page).Count));
        Assert.Equal("4 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
        Assert.EndsWith("/machines", CurrentUrl, StringComparison.Ordinal);
        Assert.Equal("", page.Find(".jd-search input").GetAttribute("value") ?? "");
    }

    [Fact]
    public void LinkFromElsewhere_WhileOnThePage_AppliesItsFilter()
    {
        var page = RenderPage();

        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/machines?jit=Configured");

        page.WaitForAssertion(() => Assert.Equal(["web-02"], RowNames(page)));
    }

    [Fact]
    public void MenuLinkToMachines_AfterAFilterWasWritten_ShowsEveryMachine()
    {
        var page = RenderPage();
        page.Find("[data-testid=filter-exposed]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, RowNames(page).Count));

        Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/machines");

        page.WaitForAssertion(() => Assert.Equal(4, RowNames(page).Count));
        Assert.Equal("false", page.Find("[data-testid=filter-exposed]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void Selection_CountsAndClears()
    {
        var page = RenderPage();
        Assert.Empty(page.FindAll("[data-testid=selection-bar]"));

        page.FindAll("tr.jd-machine-row input[type=checkbox]")[0].Change(true);
        page.FindAll("tr.jd-machine-row input[type=checkbox]")[2].Change(true);

        page.WaitForAssertion(() => Assert.Equal("2 selected", page.Find("[data-testid=selection-count]").TextContent.Trim()));
        page.Find("[data-testid=selection-clear]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=selection-bar]")));
    }

    [Fact]
    public void Drawer_ShowsTheDecisiveRuleHighlighted_TheNicAndTheRecommendations()
    {
        var page = RenderPage();
        Assert.Empty(page.FindAll("[data-testid=machine-drawer]"));

        OpenDrawer(page, "web-01");

        var drawer = page.Find("[data-testid=machine-drawer]");
        var decisive = drawer.QuerySelectorAll("[data-testid=port-22] tr.jd-step-decisive").Single();
        Assert.Equal("true", decisive.GetAttribute("aria-current"));
        Assert.Contains("AllowSshFromAnywhere", decisive.TextContent, StringComparison.Ordinal);
        Assert.Contains("110", decisive.TextContent, StringComparison.Ordinal);
        Assert.Contains("decisive", decisive.TextContent, StringComparison.Ordinal);
        var defaultRule = drawer.QuerySelectorAll("[data-testid=port-22] tr.jd-step").Single(r => r.TextContent.Contains("DenyAllInBound", StringComparison.Ordinal));
        Assert.Contains("default", defaultRule.TextContent, StringComparison.Ordinal);

        var network = drawer.QuerySelector("[data-testid=drawer-network]")!.TextContent;
        Assert.Contains("10.0.0.4", network, StringComparison.Ordinal);
        Assert.Contains("20.1.2.3", network, StringComparison.Ordinal);
        Assert.Contains("nsg-subnet", network, StringComparison.Ordinal);

        var recs = drawer.QuerySelector("[data-testid=drawer-recommendations]")!;
        Assert.Contains("805651bc-6ecd-4c73-9b55-97a19d0582d0", recs.TextContent, StringComparison.Ordinal);
        Assert.Contains("bc303248-3d14-44c2-96a0-55f5c326b5fe", recs.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, recs.QuerySelectorAll("[aria-label$='Unhealthy']").Length);
        Assert.Equal("Fixing this VM is worth +2.00 points of Secure management ports (8 max); the control is at 4 now.",
            drawer.QuerySelector("[data-testid=score-impact]")!.TextContent.Trim());
    }

    [Fact]
    public void Drawer_ShowsTheJitPolicyPortsAndRecentRequests()
    {
        var page = RenderPage();

        OpenDrawer(page, "web-02");

        var jit = page.Find("[data-testid=drawer-jit]");
        Assert.Contains("jitNetworkAccessPolicies/default", jit.TextContent, StringComparison.Ordinal);
        var ports = jit.QuerySelectorAll("[data-testid=jit-ports] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, ports.Count);
        Assert.Contains("198.51.100.0/24", ports[1], StringComparison.Ordinal);
        Assert.Contains("1 h", ports[1], StringComparison.Ordinal);
        var request = jit.QuerySelectorAll("[data-testid=jit-requests] tbody tr").Single().TextContent;
        Assert.Contains("alice@contoso.test", request, StringComparison.Ordinal);
        Assert.Contains("maintenance", request, StringComparison.Ordinal);
        Assert.Contains("2026-11-23 09:30", request, StringComparison.Ordinal);
        Assert.Contains("Revoked", request, StringComparison.Ordinal);
        Assert.Contains("Expired", request, StringComparison.Ordinal);
        Assert.Contains("198.51.100.7", request, StringComparison.Ordinal);
    }

    [Fact]
    public void Drawer_Unsupported_ShowsTheReason_AndEscapeCloses()
    {
        var page = RenderPage();
        OpenDrawer(page, "sql-01");
        Assert.Contains("No NSG on the NIC nor its subnet.", page.Find("[data-testid=drawer-jit]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=machine-drawer]").KeyDown(new KeyboardEventArgs { Key = "Escape" });

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=machine-drawer]")));
    }

    [Fact]
    public void Export_SendsTheFilteredRowsOnlyToTheBrowser()
    {
        var module = Context.JSInterop.SetupModule("./assets/js/download.js");
        module.SetupVoid("downloadText", _ => true);
        var page = RenderPage("/machines?exposed=true");

        page.Find("[data-testid=export-view]").Click();

        page.WaitForAssertion(() => module.VerifyInvoke("downloadText"));
        var call = module.VerifyInvoke("downloadText");
        var fileName = Assert.IsType<string>(call.Arguments[0]);
        Assert.Matches(@"^jitdashboard-machines-\d{8}T\d{6}Z\.csv$", fileName);
        Assert.Equal("text/csv", call.Arguments[1]);
        var csv = Assert.IsType<string>(call.Arguments[2]);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("name,subscription,resourceGroup", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("web-01,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sql-01,", StringComparison.Ordinal));
        Assert.DoesNotContain("web-02", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportSelected_SendsTheSelectionOnly()
    {
        var module = Context.JSInterop.SetupModule("./assets/js/download.js");
        module.SetupVoid("downloadText", _ => true);
        var page = RenderPage();
        var row = page.FindAll("tr.jd-machine-row").Single(r => r.TextContent.Contains("web-02", StringComparison.Ordinal));
        row.QuerySelector("input[type=checkbox]")!.Change(true);

        page.WaitForAssertion(() => page.Find("[data-testid=export-selected]"));
        page.Find("[data-testid=export-selected]").Click();

        page.WaitForAssertion(() => module.VerifyInvoke("downloadText"));
        var call = module.VerifyInvoke("downloadText");
        var lines = ((string)call.Arguments[2]!).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("web-02,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnChoice_HidesAndShowsAColumn()
    {
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Estate()));
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false), withPopoverProvider: false);
        Assert.Contains(page.FindAll("th"), h => h.TextContent.Trim().StartsWith("Region", StringComparison.Ordinal));

        page.Find("[data-testid=columns-menu] button").Click();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Region", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("th"), h => h.TextContent.Trim().StartsWith("Region", StringComparison.Ordinal)));
        Assert.DoesNotContain("westeurope", page.Find("tr.jd-machine-row").TextContent, StringComparison.Ordinal);
    }

    // Without a browser to measure the viewport, Virtualize renders at most its MaxItemCount (100) plus overscan.
    private const int MaxRowsInDom = 120;

    [Fact]
    public void ColumnChoice_IsReadFromAndSavedToTheBrowser()
    {
        var prefs = Context.JSInterop.SetupModule("./assets/js/prefs.js");
        prefs.Setup<string[]?>("getJson", MachinesPage.PreferenceKey("anonymous", "hiddenColumns")).SetResult(["region", "no-such-column"]);
        prefs.SetupVoid("setJson", _ => true);
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Estate()));
        var popovers = Context.Render<MudPopoverProvider>();
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false), withPopoverProvider: false);

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("th"), h => h.TextContent.Trim().StartsWith("Region", StringComparison.Ordinal)));

        page.Find("[data-testid=columns-menu] button").Click();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-menu-item").Single(i => i.TextContent.Contains("Impact", StringComparison.Ordinal)).Click());

        page.WaitForAssertion(() => prefs.VerifyInvoke("setJson"));
        var saved = Assert.IsType<string[]>(prefs.VerifyInvoke("setJson").Arguments[1]);
        Assert.Equal(["impact", "region"], saved);
    }

    [Fact]
    public void TenThousandMachines_OnlyABoundedNumberOfRowsIsInTheDom()
    {
        var machines = Enumerable.Range(0, 10_000)
            .Select(i => MachineBuilder.Vm($"vm-{i:D5}").Nic($"10.0.{i / 250}.{i % 250}", $"20.0.{i / 250}.{i % 250}").Port(22, i % 3 == 0 ? PortExposure.Open : PortExposure.Closed).Build())
            .ToArray();
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(machines));

        var page = Render<MachinesPage>();

        page.WaitForAssertion(() => Assert.Equal("10000 machines", page.Find("[data-testid=machine-count]").TextContent.Trim()));
        Assert.InRange(page.FindAll("tr.jd-machine-row").Count, 1, MaxRowsInDom);

        page.Find("[data-testid=filter-exposed]").Click();
        page.WaitForAssertion(() => Assert.Equal("3334 of 10000 machines", page.Find("[data-testid=machine-count]").TextContent.Trim()));
        Assert.InRange(page.FindAll("tr.jd-machine-row").Count, 1, MaxRowsInDom);
    }

    [Fact]
    public void Virtualized_TheRowsFollowTheFilter_AndTheHeaderCheckboxSelectsTheWholeView_NotOnlyTheLoadedRows()
    {
        var machines = Enumerable.Range(0, 10_000)
            .Select(i => MachineBuilder.Vm($"vm-{i:D5}").Nic($"10.0.{i / 250}.{i % 250}", $"20.0.{i / 250}.{i % 250}").Port(22, i % 3 == 0 ? PortExposure.Open : PortExposure.Closed).Build())
            .ToArray();
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(machines));
        var page = Render<MachinesPage>();
        page.WaitForAssertion(() => Assert.Equal(["vm-00000", "vm-00001"], ShownNames(page).Take(2)));

        page.Find("[data-testid=filter-exposed]").Click();
        // The grid asks the page for the rows again: the exposed ones only.
        page.WaitForAssertion(() => Assert.Equal(["vm-00000", "vm-00003"], ShownNames(page).Take(2)));
        Assert.InRange(page.FindAll("tr.jd-machine-row").Count, 1, MaxRowsInDom);

        page.Find(".jd-machines-grid thead input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("3334 selected", page.Find("[data-testid=selection-count]").TextContent.Trim()));
        Assert.Equal("true", page.Find("tr.jd-machine-row").GetAttribute("aria-selected"));

        page.Find(".jd-machines-grid thead input[type=checkbox]").Change(false);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=selection-bar]")));
    }

    private static List<string> ShownNames(IRenderedComponent<MachinesPage> page)
        => page.FindAll("tr.jd-machine-row .jd-link-button").Select(b => b.TextContent.Trim()).ToList();

    [Fact]
    public void EstateChange_KeepsTheOpenDrawerAndTheSelectionById()
    {
        var page = RenderPage();
        page.FindAll("tr.jd-machine-row input[type=checkbox]")[0].Change(true);
        page.WaitForAssertion(() => Assert.Equal("1 selected", page.Find("[data-testid=selection-count]").TextContent.Trim()));
        OpenDrawer(page, "web-01");
        Assert.Equal("1 selected", page.Find("[data-testid=selection-count]").TextContent.Trim());

        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Estate()));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("1 selected", page.Find("[data-testid=selection-count]").TextContent.Trim());
            Assert.Contains("web-01", page.Find("[data-testid=machine-drawer] h2").TextContent, StringComparison.Ordinal);
        });
    }

    private static void OpenDrawer(IRenderedComponent<MachinesPage> page, string name)
    {
        page.FindAll("tr.jd-machine-row .jd-link-button").Single(b => b.TextContent.Trim() == name).Click();
        page.WaitForAssertion(() => Assert.Contains(name, page.Find("[data-testid=machine-drawer] h2").TextContent, StringComparison.Ordinal));
    }
}
