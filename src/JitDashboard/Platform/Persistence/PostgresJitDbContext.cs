using Microsoft.EntityFrameworkCore;

namespace JitDashboard.Platform.Persistence;

/// <summary>PostgreSQL flavour of <see cref="JitDbContext"/>; its migrations live in <c>Data/Migrations/Postgres</c>.</summary>
public sealed class PostgresJitDbContext(DbContextOptions<PostgresJitDbContext> options) : JitDbContext(options)
{
    // Arbitrary constant shared by every instance of the dashboard: "JITAUDIT" in ASCII.
    internal const long AuditAppendLockKey = 0x4A49_5441_5544_4954;

    // Transaction-scoped, so it is released by commit or rollback even if the process dies.
    internal override Task LockAuditAppendsAsync(CancellationToken cancellationToken) =>
        Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditAppendLockKey})", cancellationToken);
}
