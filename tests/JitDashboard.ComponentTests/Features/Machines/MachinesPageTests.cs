using Bunit;
using JitDashboard.Features.Machines;
using JitDashboard.Platform.Estate;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Machines;

public class MachinesPageTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();

    public MachinesPageTests() => Context.Services.AddSingleton<IEstateService>(_estate);

    private static readonly EstateMachine[] ThreeMachines =
    [
        FakeEstateService.Machine("web-01", "rg-web", "westeurope", "Linux", "running"),
        FakeEstateService.Machine("web-02", "rg-web", "westeurope", "Linux", "deallocated"),
        FakeEstateService.Machine("sql-01", "rg-data", "northeurope", "Windows", "running"),
    ];

    [Fact]
    public void Loaded_ListsEveryMachineWithTheRowCount()
    {
        _estate.Publish(FakeEstateService.Loaded(ThreeMachines));

        var page = Render<MachinesPage>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("3 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
            Assert.Contains("web-01", page.Markup, StringComparison.Ordinal);
            Assert.Contains("web-02", page.Markup, StringComparison.Ordinal);
            Assert.Contains("sql-01", page.Markup, StringComparison.Ordinal);
            Assert.Contains("Contoso Production", page.Markup, StringComparison.Ordinal);
            Assert.Contains("northeurope", page.Markup, StringComparison.Ordinal);
            Assert.Contains("deallocated", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Loading_ShowsProgressAndNoGrid()
    {
        var page = Render<MachinesPage>();

        Assert.NotNull(page.Find("[data-testid=machines-loading]"));
        Assert.Contains("Loading the estate", page.Find("[data-testid=machines-first-load]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".mud-table-root"));
        Assert.Empty(page.FindAll("[data-testid=machine-count]"));
    }

    [Fact]
    public void Error_ShowsTheMessageAndWhatToCheck()
    {
        _estate.Publish(EstateSnapshot.Initial with { IsLoading = false, Error = "Connection refused (127.0.0.1:5443)" });

        var page = Render<MachinesPage>();

        var alert = page.Find("[data-testid=machines-error]");
        Assert.Contains("Connection refused (127.0.0.1:5443)", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("Arm:Endpoint", alert.TextContent, StringComparison.Ordinal);
        Assert.Contains("simulator", alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".jd-empty-state"));
    }

    [Fact]
    public void Error_TryAgain_RefreshesTheEstate()
    {
        _estate.Publish(EstateSnapshot.Initial with { IsLoading = false, Error = "Connection refused" });
        var page = Render<MachinesPage>();

        page.Find("[data-testid=machines-error] button").Click();

        Assert.Equal(1, _estate.RefreshCount);
    }

    [Fact]
    public void Empty_ExplainsThatNoMachineWasFound()
    {
        _estate.Publish(FakeEstateService.Loaded());

        var page = Render<MachinesPage>();

        Assert.Equal("0 machines", page.Find("[data-testid=machine-count]").TextContent.Trim());
        Assert.Contains("No virtual machines found", page.Find(".jd-empty-state").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=machines-error]"));
    }

    [Fact]
    public void Search_FiltersTheRows()
    {
        _estate.Publish(FakeEstateService.Loaded(ThreeMachines));
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.jd-machine-row").Count));

        page.Find(".jd-search input").Input("sql");

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("tr.jd-machine-row"));
            Assert.Contains("sql-01", row.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("web-01", page.Markup, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Search_MatchesPowerStateAndRegionToo()
    {
        _estate.Publish(FakeEstateService.Loaded(ThreeMachines));
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));

        page.Find(".jd-search input").Input("DEALLOC");

        page.WaitForAssertion(() => Assert.Contains("web-02", Assert.Single(page.FindAll("tr.jd-machine-row")).TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void NameHeader_SortsTheRows_AndTheSortSurvivesALiveUpdate()
    {
        _estate.Publish(FakeEstateService.Loaded(ThreeMachines));
        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.jd-machine-row").Count));
        string[] RowNames() => page.FindAll("tr.jd-machine-row .jd-link-button").Select(b => b.TextContent.Trim()).ToArray();
        void ClickName() => page.FindAll("th .sortable-column-header").First(h => h.TextContent.Trim() == "Name").Click();

        ClickName();
        page.WaitForAssertion(() => Assert.Equal(["sql-01", "web-01", "web-02"], RowNames()));
        ClickName();
        page.WaitForAssertion(() => Assert.Equal(["web-02", "web-01", "sql-01"], RowNames()));

        // The page sorts once per change (the grid's own sort keeps its order): a new snapshot comes in sorted too.
        _estate.Publish(FakeEstateService.Loaded([.. ThreeMachines, FakeEstateService.Machine("web-03", "rg-web", "westeurope", "Linux", "running")]));
        page.WaitForAssertion(() => Assert.Equal(["web-03", "web-02", "web-01", "sql-01"], RowNames()));
        Assert.Equal("descending", page.FindAll("th").First(h => h.TextContent.Contains("Name", StringComparison.Ordinal)).GetAttribute("aria-sort"));
    }

    [Fact]
    public void EstateChange_UpdatesThePage()
    {
        var page = Render<MachinesPage>();
        Assert.NotNull(page.Find("[data-testid=machines-loading]"));

        _estate.Publish(FakeEstateService.Loaded(ThreeMachines[0]));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("1 machine", page.Find("[data-testid=machine-count]").TextContent.Trim());
            Assert.Empty(page.FindAll("[data-testid=machines-loading]"));
        });
    }

    [Fact]
    public void PowerState_IsAColouredChip()
    {
        _estate.Publish(FakeEstateService.Loaded(ThreeMachines));

        var page = Render<MachinesPage>(p => p.Add(x => x.Virtualize, false));

        var chips = page.FindAll(".mud-chip");
        Assert.Contains(chips, c => c.TextContent.Trim() == "running" && c.ClassList.Contains("mud-chip-color-success"));
        Assert.Contains(chips, c => c.TextContent.Trim() == "deallocated" && c.ClassList.Contains("mud-chip-color-default"));
    }
}
