using JitDashboard.Platform.Audit;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JitDashboard.Platform.Persistence;

/// <summary>The two entry points of the persistence layer, called from <c>Program.cs</c>.</summary>
public static partial class DataExtensions
{
    /// <summary>
    /// Registers the database (<c>Database:*</c> settings, validated on start), an
    /// <c>IDbContextFactory&lt;JitDbContext&gt;</c>, data-protection keys kept in the database, and the audit ledger.
    /// </summary>
    public static IHostApplicationBuilder AddJitDashboardData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddValidatedOptions<DatabaseOptions, DatabaseOptionsValidator>(builder.Configuration, DatabaseOptions.SectionName);

        // Both factories are registered; the options decide at run time which one serves JitDbContext,
        // so settings supplied late (tests, environment) are honoured. Nothing connects until first use.
        // Split queries by default: a row with two collections (an operation's items and rule changes) loaded in one
        // join would return items x rule changes rows.
        services.AddDbContextFactory<SqliteJitDbContext>((sp, o) => o.UseSqlite(ConnectionString(sp), b => b.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        services.AddDbContextFactory<PostgresJitDbContext>((sp, o) => o.UseNpgsql(ConnectionString(sp), b => b.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)));
        services.TryAddSingleton<IDbContextFactory<JitDbContext>>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ProviderKind == DatabaseProvider.PostgreSql
                ? new JitDbContextFactory<PostgresJitDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresJitDbContext>>())
                : new JitDbContextFactory<SqliteJitDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteJitDbContext>>()));

        // Scoped context only for libraries that resolve a DbContext from a scope (data protection);
        // application code uses the factory, one context per operation.
        services.TryAddScoped<JitDbContext>(sp => sp.GetRequiredService<IDbContextFactory<JitDbContext>>().CreateDbContext());

        // Keys in the database: restarts and several instances decrypt each other's cookies.
        services.AddDataProtection()
            .PersistKeysToDbContext<JitDbContext>()
            .SetApplicationName("JitDashboard");

        services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Creates the SQLite data folder if needed and applies pending migrations (never <c>EnsureCreated</c>).
    /// Call once at start, before the app serves requests.
    /// </summary>
    public static async Task MigrateJitDashboardDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(DataExtensions));

        if (options.ProviderKind == DatabaseProvider.Sqlite)
        {
            EnsureSqliteFolder(options.ResolveConnectionString());
        }

        var factory = services.GetRequiredService<IDbContextFactory<JitDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        await db.Database.MigrateAsync(ct);

        if (options.ProviderKind == DatabaseProvider.Sqlite)
        {
            // WAL lets readers proceed while one writer appends; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        // The provider only: connection strings are secrets.
        LogDatabaseReady(logger, options.ProviderKind, pending);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready: provider {Provider}, {Count} migration(s) applied")]
    private static partial void LogDatabaseReady(ILogger logger, DatabaseProvider provider, int count);

    private static string ConnectionString(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ResolveConnectionString();

    private static void EnsureSqliteFolder(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var source = csb.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || csb.Mode == SqliteOpenMode.Memory
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(source));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    // Hands out the provider's subclass typed as the common base.
    private sealed class JitDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<JitDbContext>
        where TContext : JitDbContext
    {
        public JitDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<JitDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
