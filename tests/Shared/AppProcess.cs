using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace JitDashboard.Testing;

/// <summary>
/// The one out-of-process host of the test projects: the real app (the DevHost, JitDashboard.DevHost.dll beside the
/// tests) as its own OS process on a free loopback port, configured through environment variables. Tests kill it
/// outright (no graceful shutdown) and start another on the same data; benchmarks measure its memory apart from the
/// load generator. Ready when /health/live answers.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private const string SimulatorLine = "JitDashboard: simulator at ";
    private readonly ChildProcess _child;

    private AppProcess(ChildProcess child, Uri baseUri)
    {
        _child = child;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _child.Id;

    /// <summary>What the process printed (for failure messages).</summary>
    public string Output => _child.Output;

    /// <summary>The embedded simulator's address, as the DevHost prints it (null when ARM is elsewhere).</summary>
    public Uri? SimulatorUri
    {
        get
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.StartsWith(SimulatorLine, StringComparison.Ordinal));
            return line is null ? null : new Uri(line[SimulatorLine.Length..].Trim());
        }
    }

    /// <summary>
    /// Starts the app with <paramref name="settings"/> (configuration keys, e.g. <c>Arm:Endpoint</c>).
    /// <paramref name="ownedDirectory"/>, when given, is deleted on dispose (e.g. a temporary data directory).
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? ownedDirectory = null)
    {
        var port = ChildProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var host = new AppProcess(ChildProcess.Start("JitDashboard.DevHost.dll", ["--urls", $"http://127.0.0.1:{port}"], environment, ownedDirectory),
            new Uri($"http://127.0.0.1:{port}/"));

        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                host._child.ThrowIfExited("The app");
                try
                {
                    using var response = await client.GetAsync("health/live");
                    return response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, TimeSpan.FromMinutes(2), "the app's liveness endpoint", TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The app did not start: {host.Output}");
        }

        return host;
    }

    /// <summary>A client for a loopback simulator whose certificate was made at its start (trusted for loopback only).</summary>
    public static HttpClient LoopbackSimulatorClient(Uri simulator) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (request, _, _, _) => request.RequestUri is { } uri && IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip),
    })
    { BaseAddress = simulator };

    /// <summary>A demo person's bearer token from the simulator's identity provider.</summary>
    public static async Task<string> TokenAsync(HttpClient simulator, string user)
    {
        using var response = await simulator.PostAsJsonAsync("/_simulator/identity/token", new { user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>An API client of this app carrying <paramref name="token"/>.</summary>
    public HttpClient ApiClient(string token)
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Resident memory of the app process (bytes), from /proc.</summary>
    public long ResidentBytes() => _child.ResidentBytes();

    /// <summary>SIGKILL for the whole tree: no shutdown hooks, no flushing, as in a crash or an OOM kill.</summary>
    public Task KillAsync() => _child.KillAsync();

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
