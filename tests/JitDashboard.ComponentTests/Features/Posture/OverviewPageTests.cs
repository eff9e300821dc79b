using JitDashboard.ComponentTests.Features.Machines;
using Bunit;
using Bunit.TestDoubles;
using JitDashboard.Platform.Arm.Models;
using JitDashboard.Features.Access;
using JitDashboard.Platform.Estate;
using JitDashboard.Platform.Estate.Exposure;
using JitDashboard.Platform.Estate.Inventory;
using JitDashboard.Features.Posture;
using JitDashboard.Platform.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Posture;

public class OverviewPageTests : ComponentTestBase
{
    private readonly FakeEstateService _estate = new();
    private readonly FakeHistory _history = new();
    private readonly BunitAuthorizationContext _auth;

    private sealed class FakeAccess : IAccessSummary
    {
        public Task<AccessSummary> GetSummaryAsync(CancellationToken cancellationToken = default) => Task.FromResult(new AccessSummary(3, 5));
    }

    private sealed class FakeHistory : IPostureHistory
    {
        public List<PostureSnapshot> Points { get; } = [];

        public event Action? Recorded;

        public Task<bool> RecordAsync(EstateSnapshot snapshot, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<IReadOnlyList<PostureSnapshot>> ListAsync(int days, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PostureSnapshot>>(Points.ToList());

        public void Add(PostureSnapshot point)
        {
            Points.Add(point);
            Recorded?.Invoke();
        }
    }

    public OverviewPageTests()
    {
        Context.Services.AddSingleton<IEstateService>(_estate);
        Context.Services.AddSingleton<IAccessSummary>(new FakeAccess());
        Context.Services.AddSingleton<IPostureHistory>(_history);
        _auth = Context.AddAuthorization();
        _auth.SetAuthorized("Dave Reader");
        _auth.SetRoles(Roles.Reader);
    }

    private static MachineBuilder Open(string name, double impact) => MachineBuilder.Vm(name).Port(22, PortExposure.Open)
        .Recommendations(RecommendationState.Unhealthy, RecommendationState.Unhealthy).Impact(impact);

    /// <summary>Production: 2 unhealthy of 4 (4 of 8 points); Dev: 1 healthy (8 of 8).</summary>
    private static EstateSnapshot Estate() => FakeEstateService.LoadedTwoSubscriptions(
        Open("web-01", 2),
        Open("web-02", 2),
        MachineBuilder.Vm("jump-01").Port(22, PortExposure.Restricted, sources: "203.0.113.0/24").Jit(JitStatus.Configured)
            .Recommendations(RecommendationState.Healthy, RecommendationState.Healthy),
        MachineBuilder.Vm("legacy-01").Jit(JitStatus.Unsupported, "Classic VM").Recommendations(RecommendationState.NotApplicable, RecommendationState.Healthy),
        MachineBuilder.Vm("dev-01").InDev().Jit(JitStatus.Configured).Recommendations(RecommendationState.Healthy, RecommendationState.Healthy)) with
    {
        SecureScores = new Dictionary<string, ScoreDetails>(StringComparer.OrdinalIgnoreCase)
        {
            [MachineBuilder.ProductionId] = new() { Current = 14, Max = 28, Percentage = 0.5 },
            [MachineBuilder.DevId] = new() { Current = 21, Max = 28, Percentage = 0.75 },
        },
    };

    private static string Text(IRenderedComponent<OverviewPage> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void BeforeTheFirstLoad_ShowsTheLoadingStateAndNoCards()
    {
        var page = Render<OverviewPage>();

        Assert.Contains("Loading the estate", page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid=overview-loading]"));
        Assert.Empty(page.FindAll("[data-testid=card-score]"));
    }

    [Fact]
    public void NoSubscriptions_ShowsTheEmptyState()
    {
        _estate.Publish(new EstateSnapshot([], [], DateTimeOffset.UtcNow, null, false));

        var page = Render<OverviewPage>();

        Assert.Contains("No subscriptions", Text(page, "overview-empty"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=card-score]"));
    }

    [Fact]
    public void LoadFailed_ShowsTheErrorNotAnEmptyEstate()
    {
        _estate.Publish(EstateSnapshot.Initial with { IsLoading = false, Error = "Connection refused" });

        var page = Render<OverviewPage>();

        Assert.Contains("Connection refused", Text(page, "overview-error"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=overview-empty]"));
        Assert.Empty(page.FindAll("[data-testid=card-score]"));
    }

    [Fact]
    public void Loaded_ShowsTheScoreControlCountsAccessAndTopVms()
    {
        _estate.Publish(Estate());

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=count-pending] .jd-count-value").TextContent));
        // 35 of 56 points over both subscriptions: combined like Defender, 62.5 % of one environment's 28.
        Assert.Equal("62.5 %", Text(page, "score-percentage"));
        Assert.Equal("17.5 of 28 points", Text(page, "score-points"));
        Assert.Equal(2, page.FindAll("[data-testid=score-subscriptions] li").Count);
        // The control over every VM: 8 × 3 / (3 + 2), not the sum of 4 and 8.
        Assert.StartsWith("4.8 / 8 points", Text(page, "control-points"), StringComparison.Ordinal);
        Assert.Contains("3 healthy", Text(page, "control-counts"), StringComparison.Ordinal);
        Assert.Contains("2 unhealthy", Text(page, "control-counts"), StringComparison.Ordinal);
        Assert.Contains("gains 2 points", Text(page, "potential-gain"), StringComparison.Ordinal);
        Assert.Equal("5", page.Find("[data-testid=count-grants] .jd-count-value").TextContent);
        Assert.Equal("access", page.Find("[data-testid=count-grants]").GetAttribute("href"));

        Assert.Equal("5", page.Find("[data-testid=count-total] .jd-count-value").TextContent);
        Assert.Equal("2", page.Find("[data-testid=count-exposed] .jd-count-value").TextContent);
        Assert.Equal("machines?exposed=true", page.Find("[data-testid=count-exposed]").GetAttribute("href"));
        Assert.Equal("1", page.Find("[data-testid=count-restricted] .jd-count-value").TextContent);
        Assert.Equal("machines?restricted=true", page.Find("[data-testid=count-restricted]").GetAttribute("href"));
        Assert.Equal("2", page.Find("[data-testid=count-configured] .jd-count-value").TextContent);
        Assert.Equal("machines?jit=Configured", page.Find("[data-testid=count-configured]").GetAttribute("href"));
        Assert.Equal("machines?jit=NotConfigured", page.Find("[data-testid=count-not-configured]").GetAttribute("href"));
        Assert.Equal("machines?jit=Unsupported", page.Find("[data-testid=count-unsupported]").GetAttribute("href"));

        var rows = page.FindAll("[data-testid=top-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("web-01", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("q=web-01", rows[0].QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
        // A Reader sees where to go, not the Apply button.
        Assert.Empty(page.FindAll("[data-testid=top-apply]"));
    }

    [Fact]
    public void Operator_GetsApplyJitOnTopVms()
    {
        _auth.SetRoles(Roles.Operator);
        _estate.Publish(Estate());

        var page = Render<OverviewPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=top-apply]").Count));
    }

    [Fact]
    public void EstateChange_UpdatesTheFiguresWithoutReload()
    {
        _estate.Publish(Estate());
        var page = Render<OverviewPage>();
        Assert.Equal("2", page.Find("[data-testid=count-exposed] .jd-count-value").TextContent);

        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Open("web-01", 8)));

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=count-exposed] .jd-count-value").TextContent));
        Assert.Single(page.FindAll("[data-testid=top-row]"));
    }

    [Fact]
    public void WhatIf_AllExposed_ThenNone()
    {
        _estate.Publish(Estate());
        var page = Render<OverviewPage>();

        // Both unhealthy Production VMs healthy: the combined control 4.8 → 8 of 8; the score 35 → 39 of 56 points
        // earned, i.e. 17.5 → 19.5 of 28.
        Assert.Equal("2", Text(page, "whatif-remediated"));
        Assert.StartsWith("4.8 → 8 of 8", Text(page, "whatif-control"), StringComparison.Ordinal);
        Assert.StartsWith("62.5 % → 69.6 % (19.5 of 28, +2)", Text(page, "whatif-score"), StringComparison.Ordinal);

        page.Find("[data-testid=card-whatif] input[type=checkbox]").Change(false);

        page.WaitForAssertion(() => Assert.Equal("0", Text(page, "whatif-remediated")));
        Assert.NotNull(page.Find("[data-testid=whatif-select]"));
        Assert.StartsWith("4.8 → 4.8 of 8", Text(page, "whatif-control"), StringComparison.Ordinal);
    }

    [Fact]
    public void Trend_EmptyThenChartsWhenAPointIsRecorded()
    {
        _estate.Publish(Estate());
        var page = Render<OverviewPage>();
        Assert.NotNull(page.Find("[data-testid=trend-empty]"));

        _history.Add(new PostureSnapshot { TakenAt = DateTimeOffset.UtcNow.AddHours(-1), Exposed = 3, JitConfigured = 1, JitNotConfigured = 3, ControlCurrent = 2, ControlMax = 8 });
        _history.Add(new PostureSnapshot { TakenAt = DateTimeOffset.UtcNow, Exposed = 2, JitConfigured = 2, JitNotConfigured = 2, ControlCurrent = 4, ControlMax = 8 });

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=trend-charts]").GetAttribute("data-points")));
        // One chart each: exposed VMs, JIT coverage, the control's points.
        Assert.True(page.FindAll("[data-testid=trend-charts] svg").Count >= 3);
        Assert.Equal("true", page.Find("[data-testid=trend-30]").GetAttribute("aria-pressed"));
        page.Find("[data-testid=trend-7]").Click();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=trend-7]").GetAttribute("aria-pressed")));
    }

    [Fact]
    public void WallToggle_NavigatesToWallMode_AndTheQueryTurnsItOn()
    {
        _estate.Publish(Estate());
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        var page = Render<OverviewPage>();
        Assert.Equal("false", page.Find("[data-testid=overview]").GetAttribute("data-wall"));

        page.Find("[data-testid=wall-toggle]").Click();

        Assert.EndsWith("?wall=1", navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=overview]").GetAttribute("data-wall")));
        Assert.Contains("jd-wall", page.Find("[data-testid=overview]").GetAttribute("class"), StringComparison.Ordinal);
        Assert.Contains("Exit wall screen", Text(page, "wall-toggle"), StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_UnsubscribesFromTheEstate()
    {
        _estate.Publish(Estate());
        var page = Render<OverviewPage>();

        page.Instance.Dispose();
        _estate.Publish(FakeEstateService.LoadedTwoSubscriptions(Open("web-01", 8)));

        Assert.Equal("2", page.Find("[data-testid=count-exposed] .jd-count-value").TextContent);
    }
}
