using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JitDashboard.Platform.Persistence;

// Used only by `dotnet ef migrations add`; neither connects to a database.
internal sealed class SqliteJitDbContextDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJitDbContext>
{
    public SqliteJitDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteJitDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
