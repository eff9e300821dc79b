using JitDashboard.Testing;
using Microsoft.Playwright;

namespace JitDashboard.BrowserTests;

/// <summary>One dashboard and one headless Debian Chromium shared by the browser tests of a class.</summary>
public class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private DashboardHost? _host;

    public DashboardHost Host => _host ?? throw new InvalidOperationException("Not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where screenshots go: artifacts/playwright under the repo root.</summary>
    public static string ArtifactsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "JitDashboard.sln")))
            {
                dir = dir.Parent;
            }
            var path = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "playwright");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The dashboard this fixture drives; a derived fixture may start it with other settings or services.</summary>
    protected virtual Task<DashboardHost> StartHostAsync() => DashboardHost.StartAsync();

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("JITDASHBOARD_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at '{chromium}': run ./test.sh, which installs Debian's chromium, or set JITDASHBOARD_CHROMIUM.");
        }
        _host = await StartHostAsync();
        // Expect's own 5 s default is too short when CI runs the integration tests beside these on 2 cores (a
        // select-all re-render took longer there); the same 15 s as page actions.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // The machine has no network but loopback: keep Chromium from trying to phone home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Every CSP refusal any page of this fixture reported (console messages).</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> CspViolations { get; } = [];

    /// <summary>Every URL answered 404 to any page of this fixture.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> NotFound { get; } = [];

    /// <summary>A fresh page in its own browser context (own cookies), not signed in.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(1440, 900);

    /// <summary>The same at another viewport size (390 x 844: a phone), touch enabled when phone-sized.</summary>
    public async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUri.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
            // The simulator's sign-in page is served with the certificate it made at start.
            IgnoreHTTPSErrors = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // A navigation waits for the page's scripts; with the other test projects sharing 2 cores that took over 15 s
        // in CI for Scalar's 3 MB bundle, which the docs page loads before its load event.
        page.SetDefaultNavigationTimeout(45_000);
        // Every 404 any page of this fixture met (a missing static asset shows as a console error on first load).
        page.Response += (_, response) =>
        {
            if (response.Status == 404)
                NotFound.Add(response.Url);
        };
        // Chromium reports every Content-Security-Policy refusal on the console.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                CspViolations.Add(message.Text);
        };
        return page;
    }

    /// <summary>
    /// Signs in as a demo person through the simulator's sign-in page (its button, by accessible name), then waits
    /// for the Blazor circuit at <paramref name="returnUrl"/>.
    /// </summary>
    public async Task SignInAsync(IPage page, string user, string returnUrl = "/")
    {
        var person = JitDashboard.Simulator.Identity.SimulatorIdentity.FindPerson(user)
            ?? throw new ArgumentException($"'{user}' is not a demo person.", nameof(user));
        await page.GotoAsync("/authentication/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByRole(AriaRole.Button, new() { Name = person.DisplayName }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(Host.BaseUri.ToString(), StringComparison.Ordinal));
        // Clicks before the circuit is up are lost: wait for the layout to report interactivity.
        await page.Locator("[data-interactive='true']").First.WaitForAsync();
    }

    /// <summary>A fresh page on the dashboard, signed in (as Dave, a Reader, unless told), with the Blazor circuit up.</summary>
    public async Task<IPage> OpenAsync(string path, string user = "dave@contoso.test")
    {
        var page = await NewPageAsync();
        await SignInAsync(page, user, path);
        return page;
    }

    /// <summary>The same at phone size (390 x 844).</summary>
    public async Task<IPage> OpenOnPhoneAsync(string path, string user)
    {
        var page = await NewPageAsync(390, 844);
        await SignInAsync(page, user, path);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }
}
