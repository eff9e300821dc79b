using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>Opening a machine's drawer from the Machines grid, as a user does.</summary>
internal static class MachinesGrid
{
    /// <summary>
    /// Clicks the first machine name until its drawer shows (three tries). The live estate may re-render the rows
    /// between the server's render and the browser applying it; Blazor drops a click that lands in that window (its
    /// handler is gone), and a user simply clicks again.
    /// </summary>
    public static async Task OpenFirstDrawerAsync(IPage page)
    {
        var body = page.Locator(".jd-machine-drawer .jd-drawer-body");
        for (var attempt = 1; ; attempt++)
        {
            await page.Locator(".jd-machines-grid .jd-link-button").First.ClickAsync();
            try
            {
                await body.WaitForAsync(new() { Timeout = attempt < 3 ? 3_000 : 15_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
