using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace JitDashboard.Benchmarks;

/// <summary>
/// The real dashboard in its own process (so its memory is measured apart from the load generator), on a free
/// loopback port, with its embedded simulator on a generated estate and its own temp database.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private AppProcess(Process process, Uri baseUri, Uri simulatorUri, string data)
    {
        _process = process;
        BaseUri = baseUri;
        SimulatorUri = simulatorUri;
        _data = data;
    }

    public Uri BaseUri { get; }

    public Uri SimulatorUri { get; }

    public int ProcessId => _process.Id;

    public static async Task<AppProcess> StartAsync(string generate, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "jitdashboard-bench-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JitDashboard.DevHost.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Simulator__Generate"] = generate;
        info.Environment["Database__DataDirectory"] = data;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        Uri? simulator = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The app exited during start.");
            if (line.StartsWith("JitDashboard: simulator at ", StringComparison.Ordinal))
                simulator = new Uri(line["JitDashboard: simulator at ".Length..].Trim());
            if (line.StartsWith("JitDashboard: ARM endpoint", StringComparison.Ordinal))
                break;
        }

        // Keep draining stdout so the app never blocks on a full pipe.
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
        return new AppProcess(process, new Uri($"http://127.0.0.1:{port}/"), simulator ?? throw new InvalidOperationException("No simulator address printed."), data);
    }

    /// <summary>A client for the loopback simulator, whose certificate was made at start (trusted for 127.0.0.1 only).</summary>
    public HttpClient SimulatorClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (request, _, _, _) => request.RequestUri is { } uri && IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip),
    })
    { BaseAddress = SimulatorUri };

    public async Task<string> TokenAsync(string user)
    {
        using var sim = SimulatorClient();
        using var response = await sim.PostAsJsonAsync("/_simulator/identity/token", new { user });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Resident memory of the app process (bytes), from /proc.</summary>
    public long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
