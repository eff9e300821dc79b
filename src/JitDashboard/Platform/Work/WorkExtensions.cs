using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitDashboard.Platform.Work;

public static class WorkExtensions
{
    /// <summary>
    /// What every <see cref="BackgroundWorker"/> needs: the registry, a <see cref="WorkSignal{TWorker}"/> per worker
    /// type, the clock. Idempotent, so each feature that adds a worker calls it.
    /// </summary>
    public static IServiceCollection AddWorkers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerRegistry>();
        services.TryAddSingleton(typeof(WorkSignal<>));
        services.TryAddSingleton<DeliveryClaims>();
        return services;
    }

    /// <summary>
    /// The <see cref="IChangeBus"/> between instances: LISTEN/NOTIFY on PostgreSQL, nothing to send with SQLite (one
    /// instance). Decided at run time from <c>Database:Provider</c>, like the database itself. Idempotent.
    /// </summary>
    public static IServiceCollection AddChangeBus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddWorkers();
        if (services.Any(d => d.ServiceType == typeof(IChangeBus))) return services;
        services.TryAddSingleton<IChangeBus>(sp =>
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Persistence.DatabaseOptions>>().Value.ProviderKind == Persistence.DatabaseProvider.PostgreSql
                ? ActivatorUtilities.CreateInstance<PostgresChangeBus>(sp)
                : new InProcessChangeBus());
        services.AddHostedService<ChangeBusListener>();
        return services;
    }
}
