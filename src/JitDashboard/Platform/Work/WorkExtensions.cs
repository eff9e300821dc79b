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
        return services;
    }
}
