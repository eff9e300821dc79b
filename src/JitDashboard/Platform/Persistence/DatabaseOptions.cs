using Microsoft.Data.Sqlite;

namespace JitDashboard.Platform.Persistence;

/// <summary>Settings under <c>Database</c>: which database holds the dashboard's state.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string SqliteProvider = "Sqlite";
    public const string PostgreSqlProvider = "PostgreSQL";
    public const string DefaultDataDirectory = "data";
    public const string SqliteFileName = "jitdashboard.db";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSQL</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>
    /// ADO.NET connection string. Optional for SQLite (defaults to a file in <see cref="DataDirectory"/>),
    /// required for PostgreSQL. A secret in production: never logged.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file; relative paths resolve against the current directory.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    internal DatabaseProvider ProviderKind =>
        TryParseProvider(Provider, out var kind)
            ? kind
            : throw new InvalidOperationException($"{SectionName}:{nameof(Provider)} is not a known provider.");

    internal static bool TryParseProvider(string? value, out DatabaseProvider kind)
    {
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            kind = DatabaseProvider.Sqlite;
            return true;
        }

        if (string.Equals(value, PostgreSqlProvider, StringComparison.OrdinalIgnoreCase)
            || string.Equals(value, "Postgres", StringComparison.OrdinalIgnoreCase)
            || string.Equals(value, "Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            kind = DatabaseProvider.PostgreSql;
            return true;
        }

        kind = default;
        return false;
    }

    /// <summary>
    /// A relative folder is taken from the repository root when the app runs from a checkout (so that
    /// <c>dotnet run --project src/JitDashboard.DevHost</c> keeps its data in <c>&lt;repo&gt;/data</c> whatever the working
    /// directory), else from the working directory, as in a published deployment.
    /// </summary>
    internal string FullDataDirectory
    {
        get
        {
            var folder = string.IsNullOrWhiteSpace(DataDirectory) ? DefaultDataDirectory : DataDirectory;
            if (Path.IsPathRooted(folder)) return Path.GetFullPath(folder);
            var root = SolutionRoot.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
            return Path.GetFullPath(Path.Combine(root ?? Directory.GetCurrentDirectory(), folder));
        }
    }

    /// <summary>The connection string to use: the configured one, or the default SQLite file.</summary>
    internal string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (ProviderKind == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ConnectionString)} is required for PostgreSQL.");
        }

        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(FullDataDirectory, SqliteFileName),
        }.ToString();
    }
}
