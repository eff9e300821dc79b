using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JitDashboard.Testing;

/// <summary>
/// A .NET program beside the tests (<c>dotnet X.dll</c>) as its own OS process: both pipes drained for its life into
/// <see cref="Output"/>, killed outright with its tree (no graceful shutdown, as in a crash), and a directory it owns
/// deleted on dispose. The app and the standalone simulator are both run through it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string? _ownedDirectory;

    private ChildProcess(Process process, string? ownedDirectory)
    {
        _process = process;
        _ownedDirectory = ownedDirectory;
    }

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? ownedDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."), ownedDirectory);
        // Both pipes are drained for the process's life, so it never blocks on a full pipe.
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public int Id => _process.Id;

    /// <summary>Throws with what the process printed when it has already ended (a failed start).</summary>
    public void ThrowIfExited(string what)
    {
        if (_process.HasExited)
            throw new InvalidOperationException($"{what} exited during start ({_process.ExitCode}): {Output}");
    }

    /// <summary>What the process printed (for failure messages and the lines it announces itself with).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Resident memory of the process (bytes), from /proc.</summary>
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

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        lock (_output) _output.AppendLine(line);
    }
}
