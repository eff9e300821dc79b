using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>axe-core on a Playwright page: the violations a test fails on (critical and serious) and a one-line summary.</summary>
public static class Axe
{
    public static readonly string[] FailingImpacts = ["critical", "serious"];

    /// <summary>Runs axe on the page as it is now (WCAG 2.x A/AA rules plus best practices).</summary>
    public static async Task<AxeResult> ScanAsync(IPage page)
    {
        // Let MudBlazor's transitions (popover fade, ripple) finish so colours are measured at rest.
        await Transitions.SettleAsync(page);
        return await page.RunAxe();
    }

    public static IReadOnlyList<AxeResultItem> Failing(AxeResult result) =>
        result.Violations.Where(v => FailingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>"color-contrast(serious) x12; region(moderate) x3": rule, impact and node count per violation.</summary>
    public static string Summary(AxeResult result) =>
        result.Violations.Length == 0
            ? "none"
            : string.Join("; ", result.Violations.Select(v => $"{v.Id}({v.Impact}) x{v.Nodes.Length}"));

    /// <summary>What a failing assertion prints: each failing rule with its first few targets.</summary>
    public static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join(Environment.NewLine, violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}{Environment.NewLine}    " +
            string.Join(Environment.NewLine + "    ", v.Nodes.Take(5).Select(n => $"{n.Target} :: {n.Html} :: {string.Join(" | ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"))));
}
