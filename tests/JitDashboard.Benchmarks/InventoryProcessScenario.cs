using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JitDashboard.Testing;
using Microsoft.Playwright;

namespace JitDashboard.Benchmarks;

/// <summary>
/// <c>inventory-process</c> (issue 18): the simulator and the app each in their own process, as in production. From
/// the app's start to the whole estate listed (its refresh log line), the ARM requests that took, the app process's
/// resident memory (current and peak) and GC heap after a full GC; then in headless Chromium the Machines page: time
/// to its first rows, and the latency of a quick filter, a search and a sort (p50/p95 over <c>--interactions</c>).
///   inventory-process [--vms 20000] [--subscriptions 40] [--interactions 50] [--latency 0] [--concurrency N] [--browser 1]
///       [--hold] (keeps the app up until Enter, for a profiler)
/// </summary>
internal static partial class InventoryProcessScenario
{
    public static async Task<JsonObject> RunAsync(string[] args)
    {
        var vms = ApiLoadScenario.Arg(args, "--vms", 20_000);
        var subscriptions = ApiLoadScenario.Arg(args, "--subscriptions", 40);
        var interactions = Math.Clamp(ApiLoadScenario.Arg(args, "--interactions", 50), 2, 1000);
        var latency = ApiLoadScenario.Arg(args, "--latency", 0);
        var concurrency = ApiLoadScenario.Arg(args, "--concurrency", 0);
        var browser = ApiLoadScenario.Arg(args, "--browser", 1) != 0;

        var result = new JsonObject
        {
            ["scenario"] = "inventory-process",
            ["vms"] = vms,
            ["subscriptions"] = subscriptions,
            ["simulatorLatencyMs"] = latency,
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
        };
        var watch = Stopwatch.StartNew();
        await using var simulator = await SimulatorProcess.StartAsync($"vms={vms},subscriptions={subscriptions},seed=1", latency);
        result["simulatorStartSeconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1);

        var settings = new Dictionary<string, string>
        {
            ["Simulator:Url"] = simulator.BaseUri.ToString().TrimEnd('/'),
            ["Simulator:CertificateFile"] = simulator.CertificateFile,
            // The refresh's own log line says when every VM is listed.
            ["Logging:LogLevel:JitDashboard.Platform.Estate.EstateService"] = "Information",
        };
        if (args.Contains("--app-log"))
            settings["Logging:LogLevel:JitDashboard"] = "Information";
        if (concurrency > 0)
            settings["Arm:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        watch.Restart();
        await using var app = await BenchmarkProcess.StartAgainstAsync(settings);
        result["appLiveSeconds"] = Math.Round(watch.Elapsed.TotalSeconds, 1);
        var refreshed = await Eventually.WaitAsync(() => Task.FromResult(Refreshed().Match(app.Output)), m => m.Success,
            TimeSpan.FromMinutes(15), "the first full refresh", TimeSpan.FromMilliseconds(50));
        result["allListedSecondsAfterStart"] = Math.Round(watch.Elapsed.TotalSeconds, 1);
        result["refreshSeconds"] = double.Parse(refreshed.Groups[3].Value, CultureInfo.InvariantCulture);
        result["machinesListed"] = int.Parse(refreshed.Groups[1].Value, CultureInfo.InvariantCulture);
        // Where the time went: CPU used by each process from its start to the estate listed (2 cores shared by both).
        result["appCpuSecondsToListed"] = CpuSeconds(app.ProcessId);
        result["simulatorCpuSecondsToListed"] = CpuSeconds(simulator.ProcessId);
        var (requests, throttled) = await simulator.ArmRequestsAsync();
        result["armRequests"] = requests;
        result["armThrottled"] = throttled;
        result["appRssMbAfterLoad"] = Mb(app.ResidentBytes());
        result["appPeakRssMb"] = Mb(PeakResident(app.ProcessId));
        var heap = await GcProbe.CollectAsync(app.ProcessId, TimeSpan.FromMinutes(2));
        result["appGcHeapMbAfterFullGc"] = heap is null ? null : Mb(heap.Total);
        result["appGcHeapByGenerationMb"] = heap is null ? null : new JsonObject
        {
            ["gen0"] = Mb(heap.Gen0), ["gen1"] = Mb(heap.Gen1), ["gen2"] = Mb(heap.Gen2), ["loh"] = Mb(heap.LargeObjects), ["poh"] = Mb(heap.PinnedObjects),
        };
        result["appRssMbAfterFullGc"] = Mb(app.ResidentBytes());

        if (args.Contains("--hold"))
        {
            // For a profiler (dotnet-gcdump collect -p PID) while the app holds the estate: until the person says so.
            await Console.Error.WriteLineAsync($"app pid {app.ProcessId}: holding the estate; press Enter when the profiler is done");
            await Console.In.ReadLineAsync();
        }

        if (browser)
        {
            var grid = new JsonObject();
            result["grid"] = grid;
            try
            {
                await MeasureGridAsync(app, interactions, grid);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                // What was measured stays; the failure says where it stopped.
                grid["error"] = e.Message.Split('\n')[0];
            }
            result["appRssMbWithCircuit"] = Mb(app.ResidentBytes());
            result["appPeakRssMbAfterGrid"] = Mb(PeakResident(app.ProcessId));
        }
        // What the app logged (--app-log FILE): e.g. what it was doing besides serving the grid.
        var logIndex = Array.IndexOf(args, "--app-log");
        if (logIndex >= 0 && logIndex + 1 < args.Length)
            await File.WriteAllTextAsync(args[logIndex + 1], app.Output);
        return result;
    }

    private static async Task MeasureGridAsync(AppProcess app, int interactions, JsonObject grid)
    {
        grid["stage"] = "sign-in";
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("JITDASHBOARD_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUri.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(180_000);
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/authentication/login?returnUrl=%2Fmachines");
        await signIn.GetByRole(AriaRole.Button, new() { Name = "Dave" }).First.ClickAsync();
        await signIn.WaitForURLAsync(u => u.StartsWith(app.BaseUri.ToString(), StringComparison.Ordinal));
        await FirstRowAsync(signIn);
        await signIn.CloseAsync();

        grid["stage"] = "first rows";
        // A fresh circuit each time: navigation to the first rows on screen.
        var firstPage = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var fresh = await context.NewPageAsync();
            var started = Stopwatch.StartNew();
            await fresh.GotoAsync("/machines");
            await FirstRowAsync(fresh);
            firstPage.Add(started.Elapsed.TotalMilliseconds);
            await fresh.CloseAsync();
        }
        grid["firstRowsMs"] = Percentiles(firstPage);

        var page = await context.NewPageAsync();
        await page.GotoAsync("/machines");
        await FirstRowAsync(page);
        page.SetDefaultTimeout(60_000);
        var count = page.GetByTestId("machine-count");

        grid["stage"] = "filter";
        var gc = GcWatch.Start(app.ProcessId);
        // Quick filter: "Exposed only" on and off; done when the count says the new view.
        var filter = new List<double>();
        var filterInPage = new List<double>();
        var filterWindows = new List<(double InPageMs, DateTime From, DateTime To)>();
        for (var i = 0; i < interactions; i++)
        {
            var before = await count.InnerTextAsync();
            await ArmInPageAsync(page, "click", "count", before, "");
            var started = Stopwatch.StartNew();
            var from = DateTime.UtcNow;
            await page.GetByTestId("filter-exposed").ClickAsync();
            await page.WaitForFunctionAsync("prev => document.querySelector('[data-testid=machine-count]')?.textContent !== prev", before);
            filter.Add(started.Elapsed.TotalMilliseconds);
            filterInPage.Add(await InPageAsync(page));
            filterWindows.Add((filterInPage[^1], from, DateTime.UtcNow));
        }
        grid["exposedFilterMs"] = Percentiles(filter);
        grid["exposedFilterInPageMs"] = Percentiles(filterInPage);
        // The app's collections during the stage: a slow tail that lines up with long pauses is the GC's.
        grid["exposedFilterGc"] = await gc.StopAsync();
        // The slowest clicks, each with the time the app was stopped for collections while it was answered.
        var slowest = new JsonArray();
        foreach (var (inPage, from, to) in filterWindows.OrderByDescending(w => w.InPageMs).Take(5))
            slowest.Add(new JsonObject { ["inPageMs"] = inPage, ["gcPausedMs"] = gc.PausedMs(from, to) });
        grid["exposedFilterSlowest"] = slowest;

        grid["stage"] = "search";
        // Search: type a term, then clear it (the box waits 200 ms after the last key before it filters; included).
        var search = new List<double>();
        var searchInPage = new List<double>();
        var box = page.GetByRole(AriaRole.Textbox, new() { Name = "Search machines" });
        gc = GcWatch.Start(app.ProcessId);
        for (var i = 0; i < interactions; i++)
        {
            var before = await count.InnerTextAsync();
            await ArmInPageAsync(page, "input", "count", before, "");
            var started = Stopwatch.StartNew();
            await box.FillAsync(i % 2 == 0 ? "jumpbox" : "");
            await page.WaitForFunctionAsync("prev => document.querySelector('[data-testid=machine-count]')?.textContent !== prev", before);
            search.Add(started.Elapsed.TotalMilliseconds);
            searchInPage.Add(await InPageAsync(page));
        }
        grid["searchMsIncluding200msDebounce"] = Percentiles(search);
        grid["searchInPageMsIncluding200msDebounce"] = Percentiles(searchInPage);
        grid["searchGc"] = await gc.StopAsync();

        // Sort by name: the first click sorts ascending (the snapshot's own order: only the header changes, not timed),
        // then each click flips the direction (the grid does not offer "unsorted"); a click is done when the Name
        // header says the new direction and the first row has changed. A click that shows nothing within 15 s is counted as lost and the cycle goes on from what
        // the header then says (a user clicks again).
        var sort = new List<double>();
        var sortInPage = new List<double>();
        var lost = 0;
        grid["stage"] = "sort";
        gc = GcWatch.Start(app.ProcessId);
        var header = page.Locator(".jd-machines-grid thead th").Filter(new() { HasTextRegex = new Regex(@"^\s*Name") });
        var name = header.GetByText("Name", new() { Exact = true });
        async Task<string> StateAsync() => await header.GetAttributeAsync("aria-sort") ?? "none";
        var clicks = 0;
        while (sort.Count < interactions && clicks++ < interactions * 4)
        {
            var current = await StateAsync();
            var expected = current == "ascending" ? "descending" : "ascending";
            var before = await FirstNameAsync(page);
            await ArmInPageAsync(page, "click", current != "none" ? "sort" : "sort-header", before, expected);
            var started = Stopwatch.StartNew();
            await name.ClickAsync();
            try
            {
                await page.WaitForFunctionAsync(
                    "([expected, prev, rowsChange]) => { const th = [...document.querySelectorAll('.jd-machines-grid thead th')].find(t => /^\\s*Name/.test(t.textContent)); " +
                    "return (th?.getAttribute('aria-sort') ?? 'none') === expected && (!rowsChange || document.querySelector('tr.jd-machine-row .jd-link-button')?.textContent !== prev); }",
                    new object[] { expected, before, current != "none" }, new() { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                lost++;
                grid["lastLostClick"] = $"expected {expected}, header says {await StateAsync()}, first row {await FirstNameAsync(page)} (before {before})";
                continue;
            }
            if (current != "none")
            {
                sort.Add(started.Elapsed.TotalMilliseconds);
                sortInPage.Add(await InPageAsync(page));
            }
        }
        grid["sortLostClicks"] = lost;
        grid["sortByNameMs"] = Percentiles(sort);
        grid["sortByNameInPageMs"] = Percentiles(sortInPage);
        grid["sortGc"] = await gc.StopAsync();
        grid.Remove("stage");
        grid["interactions"] = interactions;
    }

    // In the page, as a user sees it (what Interaction to Next Paint measures): from the input event (the click, or
    // the search box's input event) to the first frame painted after the page shows the change. The Playwright
    // figures above add its own actionability checks and protocol round trips on both ends.
    private const string ArmScript = """
        ([eventName, kind, prev, expected]) => {
          const m = window.__jdMeasure = { input: null, done: null, painted: null };
          const onInput = e => { m.input = e.timeStamp; };
          document.addEventListener(eventName, onInput, true);
          const shown = () => {
            if (kind === 'count') return document.querySelector('[data-testid=machine-count]')?.textContent !== prev;
            const th = [...document.querySelectorAll('.jd-machines-grid thead th')].find(t => /^\s*Name/.test(t.textContent));
            const header = (th?.getAttribute('aria-sort') ?? 'none') === expected;
            return kind === 'sort-header' ? header : header && document.querySelector('tr.jd-machine-row .jd-link-button')?.textContent !== prev;
          };
          const observer = new MutationObserver(() => {
            if (m.done !== null || m.input === null || !shown()) return;
            m.done = performance.now();
            observer.disconnect();
            document.removeEventListener(eventName, onInput, true);
            requestAnimationFrame(() => setTimeout(() => { m.painted = performance.now(); }, 0));
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }
        """;

    private static Task ArmInPageAsync(IPage page, string eventName, string kind, string prev, string expected) =>
        page.EvaluateAsync(ArmScript, new object[] { eventName, kind, prev, expected });

    private static async Task<double> InPageAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.__jdMeasure?.painted != null");
        return Math.Round(await page.EvaluateAsync<double>("() => window.__jdMeasure.painted - window.__jdMeasure.input"), 1);
    }

    private static async Task FirstRowAsync(IPage page)
    {
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
        await page.Locator("tr.jd-machine-row .jd-link-button").First.WaitForAsync();
    }

    private static Task<string> FirstNameAsync(IPage page) => page.Locator("tr.jd-machine-row .jd-link-button").First.InnerTextAsync();

    private static JsonObject Percentiles(List<double> values)
    {
        values.Sort();
        return new JsonObject
        {
            ["p50"] = ApiLoadScenario.Percentile(values, 0.50),
            ["p95"] = ApiLoadScenario.Percentile(values, 0.95),
            ["max"] = Math.Round(values[^1], 1),
            ["n"] = values.Count,
        };
    }

    /// <summary>User plus system CPU time of a process so far (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return Math.Round((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100d, 1);
    }

    private static long PeakResident(int processId)
    {
        var line = File.ReadAllLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1024d / 1024d, 0);

    [GeneratedRegex(@"Estate: refreshed (\d+) machines in (\d+) subscriptions in ([\d.]+) s")]
    private static partial Regex Refreshed();
}
