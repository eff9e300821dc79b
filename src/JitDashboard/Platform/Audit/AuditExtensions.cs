using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Platform.Audit;

public static class AuditExtensions
{
    /// <summary>The append-only audit ledger over the app's database.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Singleton: it holds the process-wide lock that keeps the audit chain from forking.
        builder.Services.TryAddSingleton<IAuditLog, AuditLog>();
        return builder;
    }
}
