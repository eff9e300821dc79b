using Bunit;
using JitDashboard.Platform.Ui;

namespace JitDashboard.ComponentTests.Platform.Ui;

public class PageErrorTests : ComponentTestBase
{
    private sealed class LockedDatabase() : System.Data.Common.DbException("database is locked");

    [Fact]
    public void DatabaseOutage_WrappedByEf_SaysTheDatabaseIsUnavailable_AndRetries()
    {
        var retried = 0;
        var error = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", new LockedDatabase());

        var view = Render<PageError>(p => p.Add(c => c.Error, error).Add(c => c.OnRetry, () => retried++));

        Assert.Contains("The database is unavailable", view.Find("[data-testid=page-error]").TextContent, StringComparison.Ordinal);
        view.Find("[data-testid=page-error-retry]").Click();
        Assert.Equal(1, retried);
    }

    [Fact]
    public void OtherFailure_SaysThePageRanIntoAProblem_WithoutBlamingTheDatabase()
    {
        var view = Render<PageError>(p => p.Add(c => c.Error, new InvalidOperationException("boom")));

        var text = view.Find("[data-testid=page-error]").TextContent;
        Assert.Contains("This page ran into a problem", text, StringComparison.Ordinal);
        Assert.DoesNotContain("database", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("boom", text, StringComparison.Ordinal);
    }
}
