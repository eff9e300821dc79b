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
    private readonly ChildProcess _child;
    private readonly string _directory;

    private SimulatorProcess(ChildProcess child, Uri baseUri, string directory)
    {
        _child = child;
        BaseUri = baseUri;
        _directory = directory;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _child.Id;

    /// <summary>The PEM the simulator wrote (<c>--certificate-out</c>), for the app's <c>Simulator:CertificateFile</c>.</summary>
    public string CertificateFile => Path.Combine(_directory, "simulator.pem");

    public string Output => _child.Output;

    public static async Task<SimulatorProcess> StartAsync(string generate, int latencyMilliseconds = 0)
    {
        var directory = Path.Combine(Path.GetTempPath(), "jitdashboard-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = ChildProcess.FreePort();
        string[] arguments = ["--urls", $"https://127.0.0.1:{port}", "--generate", generate, "--certificate-out", Path.Combine(directory, "simulator.pem"),
            "--latency", latencyMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var child = ChildProcess.Start("JitDashboard.Simulator.dll", arguments, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, directory);
        var host = new SimulatorProcess(child, new Uri($"https://127.0.0.1:{port}/"), directory);
        try
        {
            // Generating 100,000 VMs takes a while on a busy machine.
            await Eventually.WaitAsync(() =>
            {
                child.ThrowIfExited("The simulator");
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

    /// <summary>ARM requests the simulator received (its request log; control calls are not in it), and how many were 429.</summary>
    public async Task<(int Requests, int Throttled)> ArmRequestsAsync()
    {
        using var client = AppProcess.LoopbackSimulatorClient(BaseUri);
        using var json = JsonDocument.Parse(await client.GetStringAsync("/_simulator/requests"));
        var items = json.RootElement.GetProperty("items");
        return (items.GetArrayLength(), items.EnumerateArray().Count(i => i.GetProperty("status").GetInt32() == 429));
    }

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
