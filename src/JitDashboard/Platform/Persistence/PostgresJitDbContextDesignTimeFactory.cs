using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JitDashboard.Platform.Persistence;

internal sealed class PostgresJitDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJitDbContext>
{
    public PostgresJitDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresJitDbContext>().UseNpgsql("Host=localhost;Database=jitdashboard_design").Options);
}
