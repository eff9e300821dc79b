using JitDashboard.Testing;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace JitDashboard.Benchmarks;

/// <summary>
/// <c>ui-circuits</c>: M Blazor Server circuits (headless Chromium pages, Debian's /usr/bin/chromium) on the
/// Machines page of a generated estate: the app process's resident memory per circuit.
///   ui-circuits [--vms 10000] [--subscriptions 20] [--circuits 10]
/// </summary>
internal static class UiCircuitsScenario
{
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var vms = ApiLoadScenario.Arg(args, "--vms", 10_000);
        var subscriptions = ApiLoadScenario.Arg(args, "--subscriptions", 20);
        var circuits = Math.Clamp(ApiLoadScenario.Arg(args, "--circuits", 10), 2, 200);

        await using var app = await BenchmarkProcess.StartAsync($"vms={vms},subscriptions={subscriptions},seed=1", new Dictionary<string, string>());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUri.ToString(), IgnoreHTTPSErrors = true });

        // Sign in once (the cookie is shared by the context's pages), then one circuit per page.
        var first = await context.NewPageAsync();
        first.SetDefaultTimeout(120_000);
        await first.GotoAsync("/authentication/login?returnUrl=%2Fmachines");
        await first.GetByRole(AriaRole.Button, new() { Name = "Dave" }).First.ClickAsync();
        await first.WaitForURLAsync(u => u.StartsWith(app.BaseUri.ToString(), StringComparison.Ordinal));
        await WaitForGridAsync(first);
        // Measured after a full blocking GC in the app (over EventPipe), not after a guessed pause: what the circuit holds.
        var heapOne = await GcProbe.CollectAsync(app.ProcessId, TimeSpan.FromMinutes(2));
        var one = app.ResidentBytes();

        var pages = new List<IPage> { first };
        for (var i = 1; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            await page.GotoAsync("/machines");
            await WaitForGridAsync(page);
            pages.Add(page);
        }

        var heapAll = await GcProbe.CollectAsync(app.ProcessId, TimeSpan.FromMinutes(2));
        var all = app.ResidentBytes();
        var perCircuit = (all - one) / (double)(circuits - 1);

        return new JsonObject
        {
            ["scenario"] = "ui-circuits",
            ["vms"] = vms,
            ["circuits"] = circuits,
            ["appRssMbWithOneCircuit"] = one / 1024 / 1024,
            ["appRssMbWithAllCircuits"] = all / 1024 / 1024,
            ["rssKbPerExtraCircuit"] = Math.Round(perCircuit / 1024, 0),
            ["gcHeapKbPerExtraCircuit"] = heapOne is null || heapAll is null ? null : Math.Round((heapAll.Total - heapOne.Total) / 1024.0 / (circuits - 1), 0),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
    }

    private static async Task WaitForGridAsync(IPage page)
    {
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await page.GetByTestId("machine-count").WaitForAsync();
        await page.GetByRole(AriaRole.Row).Nth(1).WaitForAsync();
    }
}
