using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using JitDashboard.Simulator;
using JitDashboard.Testing;

namespace JitDashboard.IntegrationTests.Faults;

/// <summary>
/// The real app as its own OS process (the DevHost, JitDashboard.DevHost.dll beside the tests), configured through environment
/// variables, so a test can kill it outright (no graceful shutdown, no disposal) and start another on the same data.
/// </summary>
internal sealed class AppProcessHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private AppProcessHost(Process process, Uri baseUri, StringBuilder output)
    {
        _process = process;
        BaseUri = baseUri;
        _output = output;
    }

    public Uri BaseUri { get; }

    /// <summary>What the process printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<AppProcessHost> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JitDashboard.DevHost.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new AppProcessHost(process, new Uri($"http://127.0.0.1:{port}/"), output);

        // Ready when the liveness endpoint answers.
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"The app exited during start ({process.ExitCode}): {host.Output}");
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
            throw new InvalidOperationException($"The app did not start: {host.Output}");
        }
        return host;
    }

    /// <summary>An API client with a demo person's bearer token from the simulator's identity provider.</summary>
    public async Task<HttpClient> ApiClientAsync(SimulatorHost simulator, string user)
    {
        using var sim = new HttpClient(SimulatorHost.CreateTrustingHandler(simulator.Certificate)) { BaseAddress = simulator.BaseUri };
        using var response = await sim.PostAsJsonAsync("/_simulator/identity/token", new { user });
        response.EnsureSuccessStatusCode();
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!;
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGKILL for the whole tree: no shutdown hooks, no flushing, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
