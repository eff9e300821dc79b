using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>
/// Waits for the page's running CSS transitions and finite animations (drawer slide, popover fade, ripple) to end;
/// endless ones (a spinner) are not waited for.
/// </summary>
internal static class Transitions
{
    public static Task SettleAsync(IPage page) =>
        page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null)))
            """);
}
