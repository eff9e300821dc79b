namespace JitDashboard.Platform.Work;

/// <summary>
/// The <see cref="WorkSignal"/> of one worker, as a service: producers ask for <c>WorkSignal&lt;TheWorker&gt;</c> and
/// each worker type gets its own instance (registered open-generic by <see cref="WorkExtensions.AddWorkers"/>).
/// </summary>
// The type parameter only tells the instances apart in DI.
public sealed class WorkSignal<TWorker> : WorkSignal
    where TWorker : class;
