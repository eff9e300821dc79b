using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace JitDashboard.Platform.Persistence;

/// <summary>Collects every problem with the <c>Database</c> settings, each named by its key.</summary>
/// <remarks>Messages never include a connection string's value: it may hold a password.</remarks>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string Section = DatabaseOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var errors = new List<string>();

        if (!DatabaseOptions.TryParseProvider(options.Provider, out var provider))
        {
            errors.Add($"{Section}:{nameof(DatabaseOptions.Provider)} must be '{DatabaseOptions.SqliteProvider}' or '{DatabaseOptions.PostgreSqlProvider}'.");
        }
        else if (provider == DatabaseProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add($"{Section}:{nameof(DatabaseOptions.ConnectionString)} is required when {Section}:{nameof(DatabaseOptions.Provider)} is '{DatabaseOptions.PostgreSqlProvider}'.");
            }
            else if (!IsValid(() => _ = new NpgsqlConnectionStringBuilder(options.ConnectionString)))
            {
                errors.Add($"{Section}:{nameof(DatabaseOptions.ConnectionString)} is not a valid PostgreSQL connection string.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString)
                 && !IsValid(() => _ = new SqliteConnectionStringBuilder(options.ConnectionString)))
        {
            errors.Add($"{Section}:{nameof(DatabaseOptions.ConnectionString)} is not a valid SQLite connection string.");
        }

        if (options.DataDirectory is not null
            && (options.DataDirectory.Length == 0 || options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"{Section}:{nameof(DatabaseOptions.DataDirectory)} must be a valid folder path.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValid(Action parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
