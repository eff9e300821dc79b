using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
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
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string? _ownedDirectory;

    private AppProcess(Process process, Uri baseUri, string? ownedDirectory)
    {
        _process = process;
        BaseUri = baseUri;
        _ownedDirectory = ownedDirectory;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the process printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

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
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JitDashboard.DevHost.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"), ownedDirectory);
        // Both pipes are drained for the process's life, so the app never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

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
    public long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL for the whole tree: no shutdown hooks, no flushing, as in a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_ownedDirectory is not null)
        {
            try
            {
                Directory.Delete(_ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by the dying process; the temp directory is cleaned by the OS later.
            }
        }
    }

    private void Append(string? line)
    {
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
