using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using JitDashboard.Testing;

namespace JitDashboard.Benchmarks;

/// <summary>
/// The standalone simulator (JitDashboard.Simulator.dll beside the benchmarks) as its own OS process on a free loopback
/// port, so that the app's process holds only the app: its memory and CPU are measured apart from ARM's stand-in.
/// </summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private const string ServingLine = "JitDashboard simulator serving ";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory;

    private SimulatorProcess(Process process, Uri baseUri, string directory)
    {
        _process = process;
        BaseUri = baseUri;
        _directory = directory;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>The PEM the simulator wrote (<c>--certificate-out</c>), for the app's <c>Simulator:CertificateFile</c>.</summary>
    public string CertificateFile => Path.Combine(_directory, "simulator.pem");

    public static async Task<SimulatorProcess> StartAsync(string generate, int latencyMilliseconds = 0)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jitdashboard-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JitDashboard.Simulator.dll"));
        foreach (var arg in new[] { "--urls", $"https://127.0.0.1:{port}", "--generate", generate, "--certificate-out", Path.Combine(directory, "simulator.pem"), "--latency", latencyMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new SimulatorProcess(process, new Uri($"https://127.0.0.1:{port}/"), directory);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Generating 100,000 VMs takes a while on a busy machine.
            await Eventually.WaitAsync(() =>
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"The simulator exited during start ({process.ExitCode}): {host.Output}");
                return host.Output.Contains(ServingLine, StringComparison.Ordinal);
            }, TimeSpan.FromMinutes(5), "the simulator to serve", TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"The simulator did not start: {host.Output}");
        }
        return host;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>ARM requests the simulator received (its request log; control calls are not in it), and how many were 429.</summary>
    public async Task<(int Requests, int Throttled)> ArmRequestsAsync()
    {
        using var client = AppProcess.LoopbackSimulatorClient(BaseUri);
        using var json = JsonDocument.Parse(await client.GetStringAsync("/_simulator/requests"));
        var items = json.RootElement.GetProperty("items");
        return (items.GetArrayLength(), items.EnumerateArray().Count(i => i.GetProperty("status").GetInt32() == 429));
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
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS later.
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
