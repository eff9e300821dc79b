using JitDashboard.Features.Policies;
using JitDashboard.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitDashboard.Hosting;

/// <summary>The database answers a trivial query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<JitDbContext> factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A real read of a table (not only a connection): a locked SQLite file or a stopped server shows.
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.Database.SetCommandTimeout(5);
            await db.PolicyTemplates().AsNoTracking().AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable: " + e.GetType().Name + ".");
        }
    }
}
