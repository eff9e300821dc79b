using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace JitDashboard.IntegrationTests.Platform.Persistence;

/// <summary>
/// A throw-away PostgreSQL server for tests: its own data directory under /tmp, loopback only, a free
/// port, trust authentication, no fsync. Shared by a test collection; each test creates its own database.
/// </summary>
/// <remarks>
/// Needs the server binaries (initdb, pg_ctl, postgres): PATH, then /usr/lib/postgresql/*/bin (where
/// Debian's <c>postgresql</c> package puts them), or the folder named by <c>JITDASHBOARD_PG_BIN</c>.
/// When they are missing or the server does not start, every test using the fixture fails with the
/// reason; nothing is skipped. PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> user (or <c>nobody</c>) through runuser.
/// </remarks>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private string? _binDir;
    private string? _baseDir;
    private string? _dataDir;
    private string? _logFile;
    private string? _runAsUser;
    private bool _started;

    public int Port { get; private set; }

    /// <summary>Connection string of the <c>postgres</c> maintenance database.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
        Timeout = 15,
        IncludeErrorDetail = true,
    }.ToString();

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "jit")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 60)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its pooled connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task InitializeAsync()
    {
        _binDir = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH, in /usr/lib/postgresql/*/bin " +
            "or in $JITDASHBOARD_PG_BIN. Run ./test.sh, which installs Debian's 'postgresql' package, or install it yourself: " +
            "sudo apt-get install -y --no-install-recommends postgresql");

        _baseDir = Directory.CreateTempSubdirectory("jitdashboard-pg-").FullName;
        _dataDir = Path.Combine(_baseDir, "data");
        _logFile = Path.Combine(_baseDir, "server.log");

        if (Environment.UserName == "root" || IsRoot())
        {
            _runAsUser = UserExists(SuperUser) ? SuperUser : "nobody";

            // The server's user must own its folders; /tmp itself is world-traversable.
            await RunAsync("chown", ["-R", _runAsUser, _baseDir], asServerUser: false, "give the temp folder to the server user");
        }

        await RunAsync(Path.Combine(_binDir, "initdb"),
            ["-D", _dataDir, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            asServerUser: true, "initdb");

        // A free port can be taken between probing and binding: try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 3 && !_started; attempt++)
        {
            Port = FreePort();
            var serverOptions = _serverOptions =
                $"-c listen_addresses=127.0.0.1 -p {Port} -k {_baseDir} -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync(Path.Combine(_binDir, "pg_ctl"),
                    ["-D", _dataDir, "-l", _logFile, "-o", serverOptions, "-w", "-t", "60", "start"],
                    asServerUser: true, "pg_ctl start");
                _started = true;
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        if (!_started)
        {
            throw new InvalidOperationException($"The test PostgreSQL server did not start. {last?.Message}", last);
        }

        try
        {
            await using var conn = new NpgsqlConnection(AdminConnectionString);
            await conn.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"The test PostgreSQL server started but refuses connections: {ex.Message}\n{LogTail()}", ex);
        }
    }

    private string? _serverOptions;

    /// <summary>Stops the server (fault tests); <see cref="StartServerAsync"/> brings it back on the same port and data.</summary>
    public Task StopServerAsync() =>
        RunAsync(Path.Combine(_binDir!, "pg_ctl"), ["-D", _dataDir!, "-m", "fast", "-w", "stop"], asServerUser: true, "pg_ctl stop");

    public Task StartServerAsync() =>
        RunAsync(Path.Combine(_binDir!, "pg_ctl"), ["-D", _dataDir!, "-l", _logFile!, "-o", _serverOptions!, "-w", "-t", "60", "start"], asServerUser: true, "pg_ctl start");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started && _binDir is not null && _dataDir is not null)
        {
            try
            {
                await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "-w", "stop"], asServerUser: true, "pg_ctl stop");
            }
            catch (InvalidOperationException)
            {
                // Best effort: the folder is removed below either way.
            }
        }

        if (_baseDir is not null && Directory.Exists(_baseDir))
        {
            try
            {
                Directory.Delete(_baseDir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string? FindBinDirectory()
    {
        static bool HasAll(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "postgres"));

        var configured = Environment.GetEnvironmentVariable("JITDASHBOARD_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return HasAll(configured) ? configured : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (HasAll(dir))
            {
                return dir;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            // Newest major version first.
            return Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault(HasAll);
        }

        return null;
    }

    private static bool IsRoot()
    {
        try
        {
            return File.ReadAllLines("/proc/self/status")
                .Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string file, IReadOnlyList<string> args, bool asServerUser, string what)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // The server user may not be allowed into the test's working folder.
            WorkingDirectory = _baseDir ?? Path.GetTempPath(),
        };

        if (asServerUser && _runAsUser is not null)
        {
            psi.FileName = "runuser";
            foreach (var a in (string[])["-u", _runAsUser, "--", file])
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi.FileName = file;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{what}: could not run {psi.FileName}: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{what} did not finish within {CommandTimeout.TotalSeconds} s.\n{Captured(output)}{LogTail()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {process.ExitCode}.\n{Captured(output)}{LogTail()}");
        }
    }

    private static string Captured(StringBuilder output)
    {
        lock (output)
        {
            return output.Length == 0 ? string.Empty : $"Output:\n{output}\n";
        }
    }

    private string LogTail()
    {
        if (_logFile is null || !File.Exists(_logFile))
        {
            return string.Empty;
        }

        var lines = File.ReadAllLines(_logFile);
        return "Server log (last lines):\n" + string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }
}

/// <summary>Test classes in this collection share one <see cref="PostgresServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}
