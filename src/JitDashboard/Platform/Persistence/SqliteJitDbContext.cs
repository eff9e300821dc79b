using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JitDashboard.Platform.Persistence;

/// <summary>SQLite flavour of <see cref="JitDbContext"/>; its migrations live in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteJitDbContext(DbContextOptions<SqliteJitDbContext> options) : JitDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no timestamp type and EF cannot order or compare DateTimeOffset stored as text:
        // store UTC ticks (INTEGER), exact to 100 ns, so filters and ORDER BY run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
