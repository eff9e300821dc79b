using JitDashboard.Testing.Fakes;
using Bunit;
using JitDashboard.Features.Audit;
using JitDashboard.Platform.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JitDashboard.ComponentTests.Features.Audit;

public class AuditPageTests : ComponentTestBase
{
    private const string Vm = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web-01";

    private readonly FakeAuditLog _audit = new();

    public AuditPageTests() => Context.Services.AddSingleton<IAuditLog>(_audit);

    private NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    private void AddThree()
    {
        _audit.Add("alice@contoso.com", AuditActions.UserSignedIn);
        _audit.Add("automation:nightly-close", AuditActions.AutomationRun, Vm, AuditOutcome.Failed, AuditActorKind.Automation,
            """{"rule":"nightly-close","port":22,"note":"<script>alert(1)</script>"}""");
        _audit.Add("bob@contoso.com", AuditActions.AccessRequestFiled, Vm, AuditOutcome.Denied);
    }

    private IRenderedComponent<AuditPage> RenderPage(string url = "/audit")
    {
        Navigation.NavigateTo(url);
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(_audit.Queries));
        return page;
    }

    [Fact]
    public void Rows_ShowActorActionTargetAndOutcome()
    {
        AddThree();

        var page = RenderPage();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("3 events", page.Find("[data-testid=audit-count]").TextContent.Trim());
            var rows = page.FindAll("tr.jd-audit-row");
            Assert.Equal(3, rows.Count);

            // Newest first.
            Assert.Contains("bob@contoso.com", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("access.request.filed", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("alice@contoso.com", rows[2].TextContent, StringComparison.Ordinal);
            Assert.Contains("user.signed-in", rows[2].TextContent, StringComparison.Ordinal);
        });

        // One query per view: the page's own re-render after loading does not make the grid load again.
        Assert.Single(_audit.Queries);

        var automationRow = page.FindAll("tr.jd-audit-row")[1];
        Assert.Contains(automationRow.QuerySelectorAll(".jd-audit-kind"), c => c.TextContent.Trim() == "Automation");
        Assert.Empty(page.FindAll("tr.jd-audit-row")[2].QuerySelectorAll(".jd-audit-kind"));

        var target = automationRow.QuerySelector(".jd-audit-target-name")!;
        Assert.Equal("web-01", target.TextContent.Trim());
        Assert.Equal(Vm, target.GetAttribute("title"));

        var outcomes = page.FindAll(".jd-audit-outcome");
        Assert.Contains(outcomes, c => c.TextContent.Trim() == "Denied" && c.ClassList.Contains("mud-chip-color-warning"));
        Assert.Contains(outcomes, c => c.TextContent.Trim() == "Failed" && c.ClassList.Contains("mud-chip-color-error"));
        Assert.Contains(outcomes, c => c.TextContent.Trim() == "Succeeded" && c.ClassList.Contains("mud-chip-color-success"));

        var time = page.FindAll("tr.jd-audit-row")[2].QuerySelector("time")!;
        Assert.Equal("2026-11-23T08:01:00.000000Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-11-23 08:01:00.000000 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public void Details_ExpandToPrettyPrintedJson_ShownAsText()
    {
        AddThree();
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.jd-audit-row").Count));

        // The sign-in has no details: nothing to expand.
        Assert.True(page.FindAll("tr.jd-audit-row")[2].QuerySelector("button")!.HasAttribute("disabled"));

        page.FindAll("tr.jd-audit-row")[1].QuerySelector("button")!.Click();

        page.WaitForAssertion(() =>
        {
            var details = page.Find("[data-testid=audit-details]");
            Assert.Contains("\n  \"port\": 22", details.TextContent, StringComparison.Ordinal);
            Assert.Contains("<script>alert(1)</script>", details.TextContent, StringComparison.Ordinal);
            Assert.Empty(details.QuerySelectorAll("script"));
        });
    }

    [Fact]
    public void UrlFilters_NarrowTheQueryAndFillTheInputs()
    {
        AddThree();

        var page = RenderPage("/audit?from=2026-11-23T08:00:00Z&to=2026-11-24T00:00:00Z&actor=alice&action=user.*&target=web");

        var q = _audit.LastQuery!;
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), q.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), q.To);
        Assert.Equal("alice", q.Actor);
        Assert.Equal("user.*", q.Action);
        Assert.Equal("web", q.Target);
        Assert.Equal(0, q.Skip);
        Assert.Equal(AuditPage.RowsPerPage, q.PageSize);

        Assert.Equal("alice", page.Find(".jd-audit-actor input").GetAttribute("value"));
        Assert.Equal("web", page.Find(".jd-audit-target input").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.Equal("0 events match", page.Find("[data-testid=audit-count]").TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid=audit-no-match]"));
        Assert.Empty(page.FindAll(".jd-empty-state"));
    }

    [Fact]
    public void Apply_PutsTheFiltersInTheUrlAndNarrowsTheQuery()
    {
        AddThree();
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.jd-audit-row").Count));

        page.Find(".jd-audit-actor input").Input("BOB");
        page.Find(".jd-audit-target input").Input("web-01");
        page.Find(".jd-audit-from input").Input("2026-11-23T08:00");

        // What Enter in any field or the Apply button does.
        page.Find("form[data-testid=audit-filters]").Submit();

        page.WaitForAssertion(() =>
        {
            var q = _audit.LastQuery!;
            Assert.Equal("BOB", q.Actor);
            Assert.Equal("web-01", q.Target);
            Assert.NotNull(q.From);
            Assert.Single(page.FindAll("tr.jd-audit-row"));
            Assert.Equal("1 event match", page.Find("[data-testid=audit-count]").TextContent.Trim());
        });
        Assert.Contains("actor=BOB", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("target=web-01", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("from=", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_InvalidInput_ShowsTheErrorAndDoesNotQuery()
    {
        AddThree();
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr.jd-audit-row").Count));
        var queries = _audit.Queries.Count;

        page.Find(".jd-audit-actor input").Input(new string('a', AuditLimits.ActorMaxLength + 1));
        page.Find(".jd-audit-to input").Input("not a date");
        page.Find("form[data-testid=audit-filters]").Submit();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("limit is 256", page.Markup, StringComparison.Ordinal);
            Assert.Contains("Enter a date and time", page.Markup, StringComparison.Ordinal);
        });
        Assert.Equal(queries, _audit.Queries.Count);
        Assert.DoesNotContain("actor=", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void BadUrlFilters_AreExplainedAndIgnored()
    {
        AddThree();

        var page = RenderPage("/audit?from=yesterday&actor=alice");

        Assert.Contains("ISO 8601", page.Find("[data-testid=audit-url-errors]").TextContent, StringComparison.Ordinal);
        Assert.Null(_audit.LastQuery!.Actor);
        Assert.Null(_audit.LastQuery.From);
    }

    [Fact]
    public void Paging_RequestsTheNextPage()
    {
        for (var i = 0; i < 60; i++)
            _audit.Add($"user{i}@contoso.com", AuditActions.UserSignedIn);
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(AuditPage.RowsPerPage, page.FindAll("tr.jd-audit-row").Count));
        Assert.Equal("60 events", page.Find("[data-testid=audit-count]").TextContent.Trim());

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Equal(AuditPage.RowsPerPage, _audit.LastQuery!.Skip);
            Assert.Equal(10, page.FindAll("tr.jd-audit-row").Count);
        });
    }

    [Fact]
    public void Verify_Intact_SaysSoWithTheHeadHash()
    {
        AddThree();
        var page = RenderPage();

        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[data-testid=audit-verify-result]");
            Assert.Contains("Chain intact: 3 events, head hash 0003aaaaaaaa…", alert.TextContent, StringComparison.Ordinal);
            Assert.Contains("mud-alert-text-success", alert.ClassName, StringComparison.Ordinal);
        });
        Assert.Equal(1, _audit.VerifyCount);
    }

    [Fact]
    public void Verify_Broken_NamesTheEventAndLinksToIt()
    {
        for (var i = 0; i < 20; i++)
            _audit.Add("alice@contoso.com", AuditActions.UserSignedIn);
        _audit.Verification = new AuditVerification(false, 17, new string('b', 64), 17, AuditChainFailure.ContentHashMismatch,
            "Event 17 was altered: its content no longer matches its hash.");
        var page = RenderPage();

        page.Find("[data-testid=audit-verify]").Click();

        page.WaitForAssertion(() =>
        {
            var alert = page.Find("[data-testid=audit-verify-result]");
            Assert.Contains("Event #17 was altered: content hash mismatch", alert.TextContent, StringComparison.Ordinal);
            Assert.Contains("17 events checked", alert.TextContent, StringComparison.Ordinal);
            Assert.Contains("mud-alert-text-error", alert.ClassName, StringComparison.Ordinal);
            Assert.Equal("audit?upto=17", page.Find("[data-testid=audit-broken-link]").GetAttribute("href"));
        });

        // Following the link opens the ledger at the broken event, highlighted.
        Navigation.NavigateTo("audit?upto=17");
        page.WaitForAssertion(() =>
        {
            Assert.Equal(17, _audit.LastQuery!.UpToId);
            var first = page.FindAll("tr.jd-audit-row")[0];
            Assert.Contains("jd-audit-row-broken", first.ClassName, StringComparison.Ordinal);
            Assert.Equal("17", first.QuerySelectorAll("td")[1].TextContent.Trim());
            Assert.Contains("Up to event #17", page.Find("[data-testid=audit-upto]").TextContent, StringComparison.Ordinal);
        });

        // Closing the chip shows the whole ledger again.
        page.Find("[data-testid=audit-upto] button").Click();
        page.WaitForAssertion(() =>
        {
            Assert.Null(_audit.LastQuery!.UpToId);
            Assert.Empty(page.FindAll("[data-testid=audit-upto]"));
        });
    }

    [Fact]
    public void Verify_ShowsProgressWhileRunning()
    {
        AddThree();
        _audit.VerifyGate = new TaskCompletionSource();
        var page = RenderPage();

        page.Find("[data-testid=audit-verify]").Click();

        Assert.NotNull(page.Find("[data-testid=audit-verifying]"));
        Assert.True(page.Find("[data-testid=audit-verify]").HasAttribute("disabled"));

        _audit.VerifyGate.SetResult();
        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=audit-verifying]"));
            Assert.NotNull(page.Find("[data-testid=audit-verify-result]"));
        });
    }

    [Fact]
    public void Empty_SaysNothingIsRecordedYet()
    {
        var page = RenderPage();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("0 events", page.Find("[data-testid=audit-count]").TextContent.Trim());
            var empty = page.Find(".jd-empty-state");
            Assert.Contains("Nothing recorded yet", empty.TextContent, StringComparison.Ordinal);
            Assert.Contains("Sign-ins, policy changes and access requests", empty.TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=audit-error]"));
    }

    [Fact]
    public void QueryFailure_ShowsTheErrorAndTryAgainRecovers()
    {
        AddThree();
        _audit.QueryFailure = new InvalidOperationException("database is locked");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("could not be read", page.Find("[data-testid=audit-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll(".jd-empty-state"));
        Assert.Empty(page.FindAll("[data-testid=audit-count]"));

        _audit.QueryFailure = null;
        page.Find("[data-testid=audit-error] button").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Empty(page.FindAll("[data-testid=audit-error]"));
            Assert.Equal(3, page.FindAll("tr.jd-audit-row").Count);
        });
    }

    [Fact]
    public void ExportLink_CarriesTheCurrentFilters()
    {
        AddThree();

        var page = RenderPage("/audit?actor=alice&action=user.*");

        var export = page.Find("[data-testid=audit-export]");
        Assert.Equal("a", export.TagName.ToLowerInvariant());
        Assert.Equal("/audit/export.csv?actor=alice&action=user.*", export.GetAttribute("href"));
        Assert.True(export.HasAttribute("download"));
    }

    [Fact]
    public void ExportLink_WithoutFilters_ExportsEverything()
    {
        var page = RenderPage();

        Assert.Equal("/audit/export.csv", page.Find("[data-testid=audit-export]").GetAttribute("href"));
    }
}
